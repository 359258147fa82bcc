package io.flowmesh.orchestrator.run;

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
import io.flowmesh.testinfra.TestInfrastructure;
import io.flowmesh.testinfra.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator's API over real HTTP as the gateway calls it, and the function runner's side of
 * the Kafka contract (read requests, publish results), for the run-operation tests.
 */
public final class RunApiClient implements AutoCloseable {

  public static final String TOKEN = "test-gateway-token";

  /**
   * Workflow {@code hello}: one {@code core/echo} step, which nothing answers in these tests, so
   * its runs stay RUNNING until they are cancelled.
   */
  public static final String UNANSWERED_STEP =
      """
      {"id":"hello","nodes":[
        {"id":"trigger","type":"trigger"},
        {"id":"echo","type":"action","config":{"function":"core/echo","input":{}}}],
       "edges":[{"source":"trigger","target":"echo"}]}
      """;

  /**
   * Workflow {@code refund}, whose trigger's {@code inputSchema} needs a string {@code order} and
   * allows a number {@code amount} of at least 1.
   */
  public static final String REFUND_WITH_INPUT_SCHEMA =
      """
      {"id":"refund","nodes":[
        {"id":"t","type":"trigger","config":{"inputSchema":{"type":"object",
          "required":["order"],"properties":{"order":{"type":"string"},
          "amount":{"type":"number","minimum":1}}}}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"done"}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final KafkaProducer<String, byte[]> producer;
  private final int port;

  public RunApiClient(int port) {
    this.port = port;
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(config);
  }

  public JsonMapper json() {
    return json;
  }

  public HttpResponse<String> send(String method, String path, String body, String tenant) {
    return send(method, path, body, tenant, null);
  }

  public HttpResponse<String> send(
      String method, String path, String body, String tenant, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("content-type", "application/json")
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public JsonNode body(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  public String start(String tenant, String body) {
    HttpResponse<String> started = send("POST", "/api/v1/runs", body, tenant);
    if (started.statusCode() != 202) {
      throw new AssertionError("start failed: " + started.statusCode() + " " + started.body());
    }
    return body(started).get("runId").asString();
  }

  public JsonNode run(String tenant, String runId) {
    return body(send("GET", "/api/v1/runs/" + runId, null, tenant));
  }

  public String status(String tenant, String runId) {
    return run(tenant, runId).get("status").asString();
  }

  public void awaitStatus(String tenant, String runId, String status) {
    await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(status(tenant, runId)));
  }

  /** Function requests of the given runs on the request topic, read from its beginning. */
  public List<FunctionRequested> awaitRequests(Predicate<FunctionRequested> wanted, int expected) {
    try (TopicReader reader = TopicReader.fromBeginning(Topics.FUNCTION_REQUESTS)) {
      return reader
          .awaitRecords(event -> wanted.test(request(event)), expected, Duration.ofSeconds(60))
          .stream()
          .map(this::request)
          .toList();
    }
  }

  private FunctionRequested request(InboundEvent event) {
    return json.readValue(event.data(), FunctionRequested.class);
  }

  /** Event types of the run on the run-events topic, in topic order. */
  public List<String> awaitRunEvents(String runId, int expected) {
    try (TopicReader reader = TopicReader.fromBeginning(Topics.RUN_EVENTS)) {
      return reader
          .awaitRecords(event -> runId.equals(event.key()), expected, Duration.ofSeconds(60))
          .stream()
          .map(InboundEvent::type)
          .toList();
    }
  }

  public void succeed(String tenant, FunctionRequested request, Object output) {
    publish(
        tenant,
        EventTypes.FUNCTION_SUCCEEDED,
        request.runId(),
        new FunctionSucceeded(
            request.executionId(),
            request.runId(),
            request.nodeId(),
            request.attempt(),
            output,
            java.time.Instant.now()));
  }

  public void fail(String tenant, FunctionRequested request, String code) {
    publish(
        tenant,
        EventTypes.FUNCTION_FAILED,
        request.runId(),
        new FunctionFailed(
            request.executionId(),
            request.runId(),
            request.nodeId(),
            request.attempt(),
            new io.flowmesh.model.run.ExecutionError(code, "it broke", false),
            java.time.Instant.now()));
  }

  private void publish(String tenant, String type, String key, Object payload) {
    publish(Topics.FUNCTION_RESULTS, tenant, type, key, payload);
  }

  /** Sends a CloudEvent to a topic as another service would, and waits until it is sent. */
  public void publish(String topic, String tenant, String type, String key, Object payload) {
    var event =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(URI.create("/flowmesh/tests"))
            .withType(type)
            .withSubject(key)
            .withExtension("tenant", tenant)
            .withDataContentType("application/json")
            .withData(json.writeValueAsBytes(payload))
            .build();
    producer.send(KafkaMessageFactory.createWriter(topic, key).writeBinary(event));
    producer.flush();
  }

  /**
   * What every orchestrator integration test sets: a fresh database and the shared broker, the
   * gateway token this client sends, a consumer group of the test's own (so that tests running one
   * after another do not share offsets), and function-runner played by {@code functionRunner}
   * ({@link #registry}).
   *
   * @return the database's JDBC URL
   */
  public static String registerProperties(
      DynamicPropertyRegistry registry, String name, HttpServer functionRunner) {
    String databaseUrl = TestInfrastructure.registerServiceProperties(registry, name);
    registry.add("flowmesh.edge.gateway-token", () -> TOKEN);
    registry.add("flowmesh.orchestrator.consumer-group", () -> "orchestrator-" + name);
    registry.add(
        "flowmesh.orchestrator.function-runner-url",
        () -> "http://127.0.0.1:" + functionRunner.getAddress().getPort());
    return databaseUrl;
  }

  /** Serves the registry lookups a definition save makes: every {@code core/*} function exists. */
  public static HttpServer registry() {
    return registry(path -> path.contains("/core/"));
  }

  /**
   * Serves the registry lookups a definition save makes, with the gateway token.
   *
   * @param known whether a lookup path names a registered function
   */
  public static HttpServer registry(Predicate<String> known) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/api/v1/functions/",
          exchange -> {
            boolean found =
                known.test(exchange.getRequestURI().getPath())
                    && TOKEN.equals(
                        exchange.getRequestHeaders().getFirst(InternalHeaders.GATEWAY_TOKEN));
            byte[] body = found ? "{\"slug\":\"core/echo\"}".getBytes() : new byte[0];
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
