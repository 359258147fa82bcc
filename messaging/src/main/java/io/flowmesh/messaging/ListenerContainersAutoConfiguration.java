package io.flowmesh.messaging;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * How every Flowmesh listener container commits its offsets: asynchronously, and at most every
 * {@code flowmesh.kafka.commit-interval} (default 100 ms); and that it polls on a platform thread.
 *
 * <p>Spring Kafka's default commits a poll's offsets after the listener returned, synchronously:
 * the consumer thread waits a broker round trip (the group coordinator writes the offsets to its
 * log) before it polls again, and that wait is on the path of every hop of every run. And it
 * commits after every poll: at a few hundred polls a second per consumer, offset commits were a
 * sixth of the broker's CPU (docs/benchmarks-archive.md, "CPU per run"). Every Flowmesh consumer is
 * idempotent (docs/architecture.md), and offsets are still committed only for polls the listener
 * finished, so a commit that fails, comes later or is lost in a crash only redelivers records the
 * consumer absorbs: after a crash, at most one interval's worth more than with a commit per poll.
 * Spring Kafka also commits what is pending when partitions are revoked and when the container
 * stops.
 *
 * <p>{@code flowmesh.kafka.commit-interval=0} commits after every poll ({@code BATCH}); {@code
 * flowmesh.kafka.async-commits=false} makes the commits synchronous.
 *
 * <p>A container's consumer loop is one long-lived thread that blocks in the consumer's poll and,
 * in the listener, on every JDBC round trip of the poll's transaction. On a virtual thread (Spring
 * Boot's choice when {@code spring.threads.virtual.enabled} is set, as in the services) each of
 * those blocking reads parks the thread and registers the socket with the JDK's poller, whose
 * thread then wakes a carrier to resume it: a registration and two thread wake-ups more per round
 * trip, on the path of every step, for a thread that gains nothing from being virtual (there is one
 * per container). So containers poll on platform threads; {@code
 * flowmesh.kafka.virtual-listener-threads=true} gives them Boot's virtual threads back. Work a
 * listener hands off (function executions, webhook deliveries) keeps its own virtual threads. A
 * service with its own {@link ContainerCustomizer} keeps its own.
 */
@AutoConfiguration
@ConditionalOnClass(ConcurrentMessageListenerContainer.class)
@EnableConfigurationProperties(ListenerContainerProperties.class)
public class ListenerContainersAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(ContainerCustomizer.class)
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      listenerContainers(ListenerContainerProperties settings) {
    SimpleAsyncTaskExecutor platformThreads = new SimpleAsyncTaskExecutor("kafka-listener-");
    return container -> {
      ContainerProperties properties = container.getContainerProperties();
      configureCommits(properties, settings);
      if (!settings.virtualListenerThreads()) {
        properties.setListenerTaskExecutor(platformThreads);
      }
    };
  }

  private static void configureCommits(
      ContainerProperties properties, ListenerContainerProperties settings) {
    properties.setSyncCommits(!settings.asyncCommits());
    Duration interval = settings.commitInterval();
    if (interval.isZero()) {
      properties.setAckMode(AckMode.BATCH);
    } else {
      properties.setAckMode(AckMode.TIME);
      properties.setAckTime(interval.toMillis());
    }
  }
}
