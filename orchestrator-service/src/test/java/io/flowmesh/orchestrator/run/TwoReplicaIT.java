package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.orchestrator.OrchestratorApplication;
import io.flowmesh.testinfra.PostgresServer;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two orchestrator replicas (two Spring applications in this JVM) on one PostgreSQL database and
 * one set of Kafka topics, with the test playing the function runner on Kafka as
 * function-runner-service does (one result per request, keyed like the request). Hundreds of runs
 * of a workflow with three actions, a fan-out and a join, started through both replicas: every run
 * completes, no node executes twice for the same attempt (in {@code node_executions} and on the
 * function-request topic), none is lost.
 */
class TwoReplicaIT {

  private static final int RUNS = 300;
  private static final String TENANT = "tenant-replicas";
  private static final String WORKFLOW =
      """
      {"id":"fan","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"prepare","type":"action","config":{"function":"core/echo","input":{"n":"{{trigger.n}}"}}},
        {"id":"split","type":"parallel"},
        {"id":"left","type":"action","config":{"function":"core/echo","input":{"side":"left"}}},
        {"id":"right","type":"action","config":{"function":"core/echo","input":{"side":"right"}}},
        {"id":"join","type":"join","config":{"mode":"all"}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"trigger","target":"prepare"},{"source":"prepare","target":"split"},
                {"source":"split","target":"left"},{"source":"split","target":"right"},
                {"source":"left","target":"join"},{"source":"right","target":"join"},
                {"source":"join","target":"end"}]}
      """;

  private static final HttpServer REGISTRY = RunApiClient.registry();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static String databaseUrl;
  private static ConfigurableApplicationContext replicaA;
  private static ConfigurableApplicationContext replicaB;
  private static FunctionRunnerRole runner;

  @BeforeAll
  static void startTwoReplicas() {
    databaseUrl = TestInfrastructure.newDatabase("tworeplicas");
    String group = "orchestrator-replicas-" + UUID.randomUUID();
    replicaA = replica(group);
    replicaB = replica(group);
    runner = new FunctionRunnerRole();
    Thread.ofPlatform().daemon().name("function-runner-role").start(runner);
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.stop();
    }
    if (replicaA != null) {
      replicaA.close();
    }
    if (replicaB != null) {
      replicaB.close();
    }
    REGISTRY.stop(0);
  }

  private static ConfigurableApplicationContext replica(String consumerGroup) {
    PostgresServer postgres = TestInfrastructure.postgres();
    Map<String, Object> properties = new HashMap<>();
    properties.put("spring.datasource.url", databaseUrl);
    properties.put("spring.datasource.username", postgres.username());
    properties.put("spring.datasource.password", postgres.password());
    properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafkaBootstrapServers());
    properties.put("management.tracing.export.enabled", "false");
    properties.put("management.otlp.metrics.export.enabled", "false");
    properties.put("server.port", "0");
    properties.put("flowmesh.edge.gateway-token", RunApiClient.TOKEN);
    properties.put(
        "flowmesh.orchestrator.function-runner-url",
        "http://127.0.0.1:" + REGISTRY.getAddress().getPort());
    properties.put("flowmesh.orchestrator.consumer-group", consumerGroup);
    // as command-line arguments: they must win over application.yml (builder properties do not)
    return new SpringApplicationBuilder(OrchestratorApplication.class)
        .run(
            properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext replica) {
    return Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
  }

  @Test
  void hundredsOfRunsThroughTwoReplicasAllCompleteWithEveryNodeExecutedOnce() throws Exception {
    List<RunApiClient> replicas =
        List.of(new RunApiClient(port(replicaA)), new RunApiClient(port(replicaB)));
    assertThat(
            replicas
                .getFirst()
                .send("POST", "/api/v1/workflow-definitions", WORKFLOW, TENANT)
                .statusCode())
        .isEqualTo(201);
    // The group must have settled first: in the middle of a rebalance a replica owns nothing, and
    // the runs (about 3 s of work) could all be applied by the replica that joined first.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> !resultPartitions(replicaA).isEmpty() && !resultPartitions(replicaB).isEmpty());
    Instant began = Instant.now();

    // starts alternate between the replicas, eight at a time
    List<String> runIds = new CopyOnWriteArrayList<>();
    try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
      List<Future<?>> starts = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        RunApiClient replica = replicas.get(i % 2);
        String body = "{\"workflowId\":\"fan\",\"input\":{\"n\":" + i + "}}";
        starts.add(clients.submit(() -> runIds.add(replica.start(TENANT, body))));
      }
      for (Future<?> start : starts) {
        start.get();
      }
    }
    assertThat(Set.copyOf(runIds)).hasSize(RUNS);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> count("SELECT count(*) FROM runs WHERE status = 'COMPLETED'") == RUNS);
    System.out.printf(
        "TwoReplicaIT: %d runs (%d function executions) completed in %d ms%n",
        RUNS, RUNS * 3, Duration.between(began, Instant.now()).toMillis());

    assertThat(count("SELECT count(*) FROM runs")).isEqualTo(RUNS);
    // every node of every run ran exactly once, as its first attempt, and completed
    assertThat(count("SELECT count(*) FROM node_executions")).isEqualTo(RUNS * 7);
    assertThat(
            count(
                "SELECT count(*) FROM node_executions WHERE status <> 'COMPLETED' OR attempt <> 1"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT run_id, node_id FROM node_executions"
                    + " GROUP BY run_id, node_id HAVING count(*) > 1) twice"))
        .isZero();
    // the join saw both branches in every run
    assertThat(
            count(
                "SELECT count(*) FROM runs WHERE outputs->'join' ? 'left'"
                    + " AND outputs->'join' ? 'right'"))
        .isEqualTo(RUNS);

    // the function-request topic carries each attempt exactly once
    List<FunctionRequested> requests = runner.requests();
    assertThat(requests).hasSize(RUNS * 3);
    assertThat(
            requests.stream()
                .map(r -> r.runId() + "/" + r.nodeId() + "/" + r.attempt())
                .collect(Collectors.toSet()))
        .hasSize(RUNS * 3);
    assertThat(requests.stream().map(FunctionRequested::executionId).collect(Collectors.toSet()))
        .hasSize(RUNS * 3);
    assertThat(requests.stream().map(FunctionRequested::runId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(runIds);

    // both replicas applied results: each owns function-result partitions
    assertThat(resultPartitions(replicaA)).isNotEmpty();
    assertThat(resultPartitions(replicaB)).isNotEmpty();
  }

  private static List<Integer> resultPartitions(ConfigurableApplicationContext replica) {
    List<Integer> partitions = new ArrayList<>();
    for (MessageListenerContainer container :
        replica.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers()) {
      container.getAssignedPartitions().stream()
          .filter(p -> p.topic().equals(Topics.FUNCTION_RESULTS))
          .forEach(p -> partitions.add(p.partition()));
    }
    return partitions;
  }

  private static int count(String sql) throws SQLException {
    PostgresServer postgres = TestInfrastructure.postgres();
    try (Connection connection =
            DriverManager.getConnection(databaseUrl, postgres.username(), postgres.password());
        Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO orchestrator");
      try (ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /**
   * Answers function requests of this test's tenant as function-runner-service does: one success
   * per request with the input as output, keyed by the request's key, on the result topic. Keeps
   * every request it read, duplicates included, for the assertions.
   */
  private static final class FunctionRunnerRole implements Runnable {

    private final List<FunctionRequested> requests = new CopyOnWriteArrayList<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    List<FunctionRequested> requests() {
      return List.copyOf(requests);
    }

    void stop() {
      running = false;
    }

    @Override
    public void run() {
      Properties consumerConfig = new Properties();
      consumerConfig.put(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
      consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "function-runner-" + UUID.randomUUID());
      consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      consumerConfig.put(
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
      Properties producerConfig = new Properties();
      producerConfig.put(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
      producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 2);
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig);
          KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig)) {
        consumer.subscribe(List.of(Topics.FUNCTION_REQUESTS));
        while (running) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            InboundEvent event = CloudEventRecords.read(record);
            if (!TENANT.equals(event.tenant())) {
              continue; // another test class's run on the shared broker
            }
            FunctionRequested request = JSON.readValue(event.data(), FunctionRequested.class);
            requests.add(request);
            // the function runner executes an execution id once
            if (answered.add(request.executionId())) {
              producer.send(
                  KafkaMessageFactory.createWriter(Topics.FUNCTION_RESULTS, record.key())
                      .writeBinary(result(request)));
            }
          }
          producer.flush();
        }
      }
    }

    private static io.cloudevents.CloudEvent result(FunctionRequested request) {
      FunctionSucceeded succeeded =
          new FunctionSucceeded(
              request.executionId(),
              request.runId(),
              request.nodeId(),
              request.attempt(),
              request.input(),
              Instant.now());
      return CloudEventBuilder.v1()
          .withId(UUID.randomUUID().toString())
          .withSource(URI.create("/flowmesh/function-runner-service"))
          .withType(EventTypes.FUNCTION_SUCCEEDED)
          .withSubject(request.runId())
          .withExtension("tenant", TENANT)
          .withDataContentType("application/json")
          .withData(JSON.writeValueAsBytes(succeeded))
          .build();
    }
  }
}
