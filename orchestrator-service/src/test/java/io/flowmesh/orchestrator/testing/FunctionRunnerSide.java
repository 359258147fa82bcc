package io.flowmesh.orchestrator.testing;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TopicReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays function-runner-service's part for orchestrator tests, over the real broker: reads the
 * function requests the orchestrator publishes and publishes results as CloudEvents the way the
 * function runner does. Also serves the registry lookup a definition save makes, on a loopback HTTP
 * server: every function exists.
 */
public final class FunctionRunnerSide implements AutoCloseable {

  private final JsonMapper json = JsonMapper.builder().build();
  private final TopicReader requests = TopicReader.fromBeginning(Topics.FUNCTION_REQUESTS);
  private final KafkaProducer<String, byte[]> producer;
  private final HttpServer registry;
  private final List<FunctionRequested> seen = new CopyOnWriteArrayList<>();

  public FunctionRunnerSide(String gatewayToken) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(config);
    registry = registry(gatewayToken);
  }

  /** The registry's base URL, for {@code flowmesh.orchestrator.function-runner-url}. */
  public String registryUrl() {
    return "http://127.0.0.1:" + registry.getAddress().getPort();
  }

  /** Every request read so far, from any run. */
  public List<FunctionRequested> seen() {
    return List.copyOf(seen);
  }

  /** Reads requests until {@code count} of them match, and returns those. */
  public List<FunctionRequested> requests(Predicate<FunctionRequested> matching, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              poll();
              return seen.stream().filter(matching).count() >= count;
            });
    return seen.stream().filter(matching).toList();
  }

  /** The request of this run's node attempt. */
  public FunctionRequested request(String runId, String nodeId, int attempt) {
    return requests(
            r -> r.runId().equals(runId) && r.nodeId().equals(nodeId) && r.attempt() == attempt, 1)
        .getFirst();
  }

  /** Reads whatever requests are there now. */
  public synchronized void poll() {
    List<InboundEvent> read = requests.poll();
    // the reader keeps every event it read, in order: parse only those not seen yet
    for (InboundEvent event : read.subList(seen.size(), read.size())) {
      seen.add(json.readValue(event.data(), FunctionRequested.class));
    }
  }

  public void succeed(String tenant, FunctionRequested request, Object output) {
    succeed(tenant, request, output, request.runId());
  }

  /** Publishes the result under another record key (to put it on another run's partition). */
  public void succeed(String tenant, FunctionRequested request, Object output, String key) {
    publish(
        tenant,
        EventTypes.FUNCTION_SUCCEEDED,
        key,
        new FunctionSucceeded(
            request.executionId(),
            request.runId(),
            request.nodeId(),
            request.attempt(),
            output,
            Instant.now()));
  }

  public void fail(String tenant, FunctionRequested request, ExecutionError error) {
    publish(
        tenant,
        EventTypes.FUNCTION_FAILED,
        request.runId(),
        new FunctionFailed(
            request.executionId(),
            request.runId(),
            request.nodeId(),
            request.attempt(),
            error,
            Instant.now()));
  }

  private void publish(String tenant, String type, String key, Object data) {
    var event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/flowmesh/function-runner-service"))
            .withType(type)
            .withSubject(key)
            .withExtension("tenant", tenant)
            .withDataContentType("application/json")
            .withData(json.writeValueAsBytes(data))
            .build();
    try {
      producer
          .send(KafkaMessageFactory.createWriter(Topics.FUNCTION_RESULTS, key).writeBinary(event))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not take the result", e);
    }
  }

  @Override
  public void close() {
    requests.close();
    producer.close();
    registry.stop(0);
  }

  private static HttpServer registry(String token) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/api/v1/functions/",
          exchange -> {
            boolean allowed =
                token.equals(exchange.getRequestHeaders().getFirst(InternalHeaders.GATEWAY_TOKEN));
            byte[] body = allowed ? "{\"slug\":\"any\"}".getBytes() : new byte[0];
            exchange.sendResponseHeaders(allowed ? 200 : 401, allowed ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Request ids by run, for assertions on what went out. */
  public Map<String, List<FunctionRequested>> byRun() {
    Map<String, List<FunctionRequested>> byRun = new java.util.HashMap<>();
    for (FunctionRequested request : seen) {
      byRun.computeIfAbsent(request.runId(), k -> new ArrayList<>()).add(request);
    }
    return byRun;
  }
}
