package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.e2e.OtlpReceiver.ReceivedSpan;
import io.flowmesh.launcher.Platform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run is one trace, across the services and Kafka: the gateway request that started it, the
 * orchestrator's start and transitions, the outbox relay's publishes, function-runner's executions
 * and webhook-service's delivery attempts all share its trace id, and every span's parent is in the
 * trace, up to the gateway's request span. The services export over OTLP to a receiver in this test
 * (the shared platform's {@link OtlpReceiver}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class TracingE2EIT {

  /** Two local steps and an HTTP call to this test's receiver, which records its trace header. */
  private static final String STEPS =
      """
      {"id":"traced","name":"Traced","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"first","type":"action","config":{"function":"core/echo","input":{"n":1}}},
        {"id":"second","type":"action","config":{"function":"core/echo","input":{"n":2}}},
        {"id":"fetch","type":"action","config":{"function":"system/http-request",
          "input":{"method":"GET","url":"%s/data"}}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"first"},
                {"id":"e2","source":"first","target":"second"},
                {"id":"e3","source":"second","target":"fetch"},
                {"id":"e4","source":"fetch","target":"end"}]}
      """;

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger deliveries = new AtomicInteger();
  private final List<String> traceparents = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> deliveryTraceparents =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private GatewayClient gateway;

  /**
   * This test's subscription, to run.completed only: other tests' subscriptions of the shared
   * tenant also get the run's events, and their deliveries of its start do not descend from the
   * executions.
   */
  private String subscriptionId;

  private OtlpReceiver traces;
  private HttpServer receiver;

  @BeforeAll
  void start(Platform platform, OtlpReceiver traces) throws IOException {
    this.gateway = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    this.traces = traces;
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/traced",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          deliveryTraceparents.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          deliveries.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.createContext(
        "/data",
        exchange -> {
          traceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          byte[] body = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  void stop() {
    receiver.stop(0);
  }

  @Test
  void aRunIsOneTraceFromTheGatewayToItsWebhookDeliveries() throws Exception {
    HttpResponse<String> subscription =
        gateway.post(
            "/api/v1/webhook-subscriptions",
            "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort()
                + "/traced\",\"eventTypes\":[\"io.flowmesh.run.completed.v1\"]}");
    assertThat(subscription.statusCode()).as(subscription.body()).isEqualTo(201);
    subscriptionId = json.readTree(subscription.body()).get("id").asString();
    HttpResponse<String> definition =
        gateway.post(
            "/api/v1/workflow-definitions",
            STEPS.formatted("http://127.0.0.1:" + receiver.getAddress().getPort()));
    assertThat(definition.statusCode()).as(definition.body()).isEqualTo(201);

    HttpResponse<String> started = gateway.post("/api/v1/runs", "{\"workflowId\":\"traced\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("runId").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(status(runId)) && deliveries.get() > 0);

    // Each service exports its spans in batches, every few seconds: the trace is complete once
    // every service's batch with the run's spans has arrived.
    await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertOneCompleteTrace(runId));
    traceOf(runId)
        .forEach(
            span ->
                System.out.printf(
                    "trace %s: %s/%s %s <- %s%n",
                    span.traceId(),
                    span.service(),
                    span.name(),
                    span.spanId(),
                    span.parentSpanId()));
  }

  private void assertOneCompleteTrace(String runId) {
    List<ReceivedSpan> trace = traceOf(runId);
    assertThat(trace).as("spans of run %s", runId).isNotEmpty();
    assertThat(spansOfRun(runId))
        .as("every span that names the run is in one trace")
        .extracting(ReceivedSpan::traceId)
        .containsOnly(trace.getFirst().traceId());
    assertThat(trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet()))
        .contains("gateway-service", "orchestrator-service", "function-runner-service")
        .contains("webhook-service");
    assertThat(trace.stream().map(ReceivedSpan::name).collect(Collectors.toSet()))
        .contains("function core/echo", "run transition", "webhook delivery")
        .anyMatch(name -> name.startsWith("publish "));
    assertThat(trace.stream().filter(s -> s.name().equals("function core/echo"))).hasSize(2);

    Map<String, ReceivedSpan> byId =
        trace.stream()
            .collect(
                Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (span, again) -> span));
    List<ReceivedSpan> roots = trace.stream().filter(ReceivedSpan::isRoot).toList();
    assertThat(roots)
        .as("the trace begins once, at the gateway")
        .singleElement()
        .extracting(ReceivedSpan::service)
        .isEqualTo("gateway-service");
    assertThat(trace)
        .as("every other span's parent is in the trace")
        .allSatisfy(
            span ->
                assertThat(span.isRoot() || byId.containsKey(span.parentSpanId()))
                    .as("parent of %s (%s)", span.name(), span.service())
                    .isTrue());
    ReceivedSpan call =
        trace.stream().filter(span -> span.name().equals("HTTP GET")).findFirst().orElseThrow();
    assertThat(byId.get(call.parentSpanId()).name()).isEqualTo("function system/http-request");
    assertThat(traceparents)
        .as("the called endpoint got the trace, with the client span as parent")
        .contains("00-" + call.traceId() + "-" + call.spanId() + "-01");
    assertThat(deliveryTraceparents)
        .as("a delivery request carries its attempt's span as the trace's parent")
        .anyMatch(
            header ->
                trace.stream()
                    .filter(span -> span.name().equals("webhook delivery"))
                    .anyMatch(
                        span ->
                            header.equals("00-" + span.traceId() + "-" + span.spanId() + "-01")));
    assertThat(ancestry(byId, completionDelivery(trace)))
        .as("the delivery descends from the executions and the gateway's request")
        .contains("function core/echo", "run transition");
  }

  private ReceivedSpan completionDelivery(List<ReceivedSpan> trace) {
    return trace.stream()
        .filter(span -> span.name().equals("webhook delivery"))
        .filter(span -> subscriptionId.equals(span.attributes().get("flowmesh.subscription_id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no delivery to this test's subscription yet"));
  }

  private static Set<String> ancestry(Map<String, ReceivedSpan> byId, ReceivedSpan span) {
    Set<String> names = new java.util.HashSet<>();
    for (ReceivedSpan at = span; at != null; at = byId.get(at.parentSpanId())) {
      names.add(at.name());
    }
    return names;
  }

  private List<ReceivedSpan> spansOfRun(String runId) {
    return traces.spans().stream()
        .filter(span -> runId.equals(span.attributes().get("flowmesh.run_id")))
        .toList();
  }

  private List<ReceivedSpan> traceOf(String runId) {
    List<ReceivedSpan> ofRun = spansOfRun(runId);
    return ofRun.isEmpty() ? List.of() : traces.trace(ofRun.getFirst().traceId());
  }

  private String status(String runId) throws Exception {
    JsonNode run = json.readTree(gateway.get("/api/v1/runs/" + runId).body());
    return run.path("status").asString();
  }
}
