package io.flowmesh.launcher.kafka;

import java.nio.file.Path;

/**
 * A single-node KRaft cluster on loopback: one process that is broker and controller.
 *
 * @param logDirectory where partitions and the metadata log live (survives restarts)
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 */
public record KafkaSettings(Path logDirectory, int port, int controllerPort) {

  public KafkaSettings {
    logDirectory = logDirectory.toAbsolutePath().normalize();
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** {@code server.properties} for {@code kafka.Kafka} and the storage tool. */
  String serverProperties() {
    return String.join(
            "\n",
            "# written by the Flowmesh launcher on every start; edits are overwritten",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + logDirectory,
            "num.partitions=6",
            "auto.create.topics.enable=true",
            "offsets.topic.replication.factor=1",
            // fewer than the default 50: creating them is most of a first consumer's wait
            "offsets.topic.num.partitions=10",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=10",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "num.network.threads=2",
            "num.io.threads=4",
            "num.recovery.threads.per.data.dir=2",
            "")
        .replace("\n", System.lineSeparator());
  }
}
