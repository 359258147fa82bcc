package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.launcher.Platform;
import io.flowmesh.launcher.services.RunningService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * The meters of the running platform as Prometheus scrapes them, after runs that complete and fail
 * and their events delivered to a webhook (so that meters registered on first use exist): no meter
 * of any service carries a run, delivery, event or execution id, as a tag or a value, which would
 * give Prometheus a new series per run; and every metric a Grafana dashboard panel or an alert rule
 * of monitoring/ uses is served by some service, so no panel stays empty and no alert silently
 * never fires after a rename.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class MetricsE2EIT {

  private static final String WORKFLOW =
      """
      {"id":"metered","name":"Metered","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"check","type":"condition","config":{"expression":"trigger.amount > 100"}},
        {"id":"echo","type":"action","config":{"function":"core/echo","input":{"amount":"{{trigger.amount}}"}}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"check"},
                {"id":"e2","source":"check","target":"echo","sourceHandle":"true"},
                {"id":"e3","source":"check","target":"end","sourceHandle":"false"},
                {"id":"e4","source":"echo","target":"end"}]}
      """;

  /** Tag keys that name one run, delivery, event or execution. */
  private static final Set<String> ID_TAG_KEYS =
      Set.of(
          "run",
          "run_id",
          "runid",
          "delivery",
          "delivery_id",
          "deliveryid",
          "event",
          "event_id",
          "eventid",
          "execution",
          "execution_id",
          "executionid",
          "webhook_id");

  /** A UUID, with or without dashes, alone or after a Flowmesh id prefix ({@code run_0190...}). */
  private static final Pattern ID_SHAPED =
      Pattern.compile(
          "(?i)(?:[a-z]+_)?(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
              + "|[0-9a-f]{32})");

  /**
   * Subscription ids are the one id-shaped tag, on purpose: the webhook queue gauges are per
   * subscription (a few per tenant), never per key or delivery (docs/webhooks.md).
   */
  private static final Set<String> ID_TAGS_ALLOWED = Set.of("subscription");

  /** Metric names in PromQL: our meters and the standard ones the dashboards and alerts read. */
  private static final Pattern METRIC =
      Pattern.compile(
          "\\b((?:flowmesh|http_server|kafka_consumer|hikaricp|jvm|process|system)_[a-z0-9_]+)\\b");

  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> deliveredIds = Collections.synchronizedList(new ArrayList<>());
  private final List<String> runIds = new ArrayList<>();
  private Platform platform;
  private GatewayClient gateway;
  private HttpServer receiver;

  @BeforeAll
  void runWorkflowsThatCompleteAndFail(Platform shared) throws Exception {
    platform = shared;
    gateway = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/metered",
        exchange -> {
          deliveredIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
          deliveredIds.add(
              json.readTree(exchange.getRequestBody().readAllBytes()).get("id").asString());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    HttpResponse<String> subscription =
        gateway.post(
            "/api/v1/webhook-subscriptions",
            "{\"url\":\"http://127.0.0.1:%d/metered\",\"eventTypes\":[\"io.flowmesh.run.*\"]}"
                .formatted(receiver.getAddress().getPort()));
    assertThat(subscription.statusCode()).as(subscription.body()).isEqualTo(201);
    HttpResponse<String> definition = gateway.post("/api/v1/workflow-definitions", WORKFLOW);
    assertThat(definition.statusCode()).as(definition.body()).isEqualTo(201);

    // Two runs complete (one through the action); one fails: "amount" is missing at run time.
    for (String input : List.of("{\"amount\": 500}", "{\"amount\": 5}", "{\"other\": 1}")) {
      HttpResponse<String> started =
          gateway.post("/api/v1/runs", "{\"workflowId\":\"metered\",\"input\":" + input + "}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      runIds.add(json.readTree(started.body()).get("runId").asString());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                runIds.stream()
                    .map(id -> status(id))
                    .toList()
                    .equals(List.of("COMPLETED", "COMPLETED", "FAILED")));
    // The runs' events reach the receiver (24 events, two ids each): webhook meters exist.
    await().atMost(Duration.ofSeconds(60)).until(() -> deliveredIds.size() >= 2 * 20);
  }

  @AfterAll
  void stopReceiver() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void noMeterOfAnyServiceIsTaggedWithARunDeliveryEventOrExecutionId() throws Exception {
    Map<String, String> pages = scrapeAll();
    List<String> offending = new ArrayList<>();
    for (Map.Entry<String, String> page : pages.entrySet()) {
      for (String line : samples(page.getValue())) {
        Matcher label = LABEL.matcher(labelsOf(line));
        while (label.find()) {
          String key = label.group(1);
          String value = label.group(2);
          if (ID_TAG_KEYS.contains(key.toLowerCase())
              || (!ID_TAGS_ALLOWED.contains(key) && ID_SHAPED.matcher(value).find())) {
            offending.add(page.getKey() + ": " + line);
          }
        }
      }
      for (String id : runIds) {
        assertThat(page.getValue()).as("%s mentions run %s", page.getKey(), id).doesNotContain(id);
      }
      for (String id : List.copyOf(deliveredIds)) {
        assertThat(page.getValue())
            .as("%s mentions delivery or event %s", page.getKey(), id)
            .doesNotContain(id);
      }
    }
    assertThat(offending).as("series tagged with an id").isEmpty();
  }

  @Test
  void everyMetricADashboardOrAlertUsesIsServedByTheRunningServices() throws Exception {
    Set<String> served = new TreeSet<>();
    for (String page : scrapeAll().values()) {
      for (String line : samples(page)) {
        served.add(line.split("[{ ]", 2)[0]);
      }
    }
    Map<String, Set<String>> used = metricsUsedByDashboardsAndAlerts();
    assertThat(used).as("metrics found in monitoring/").isNotEmpty();
    Map<String, Set<String>> missing = new TreeMap<>();
    used.forEach(
        (metric, where) -> {
          if (!served.contains(metric)) {
            missing.put(metric, where);
          }
        });
    assertThat(missing).as("metrics no service serves, and where they are used").isEmpty();
    printMemoryAndCpuOfTheServices();
  }

  // ---- helpers ----

  private String status(String runId) {
    try {
      return gateway.getJson("/api/v1/runs/" + runId).get("status").asString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> scrapeAll() throws Exception {
    Map<String, String> pages = new LinkedHashMap<>();
    for (RunningService service : platform.services()) {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(service.url() + "/actuator/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(service.service().module()).isEqualTo(200);
      pages.put(service.service().module(), page.body());
    }
    return pages;
  }

  private static List<String> samples(String page) {
    return page.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  private static String labelsOf(String sample) {
    int open = sample.indexOf('{');
    int close = sample.lastIndexOf('}');
    return open < 0 || close < open ? "" : sample.substring(open + 1, close);
  }

  /** Metric name to the files that use it, from the dashboards' queries and the alert rules. */
  private static Map<String, Set<String>> metricsUsedByDashboardsAndAlerts() throws IOException {
    Path root = Path.of(System.getProperty("flowmesh.repository-root", "..")).toAbsolutePath();
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("monitoring/prometheus/alerts.yml"));
    try (Stream<Path> dashboards = Files.list(root.resolve("monitoring/grafana/dashboards"))) {
      dashboards.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    Map<String, Set<String>> used = new TreeMap<>();
    for (Path file : files) {
      for (String expression : expressions(file)) {
        // Quoted label values ("...flowmesh...") are not metric names.
        Matcher m = METRIC.matcher(expression.replaceAll("\"[^\"]*\"", "\"\""));
        while (m.find()) {
          used.computeIfAbsent(m.group(1), k -> new TreeSet<>())
              .add(root.relativize(file).toString());
        }
      }
    }
    return used;
  }

  /** The PromQL of a dashboard's panels, or of a rules file's alerts. */
  private static List<String> expressions(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> expressions = new ArrayList<>();
    if (file.toString().endsWith(".json")) {
      JsonMapper.builder()
          .build()
          .readTree(text)
          .findValues("expr")
          .forEach(e -> expressions.add(e.asString()));
    } else {
      // expr: a one-line value, or a block whose lines are indented deeper than "expr:"
      List<String> lines = text.lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int at = line.indexOf("expr:");
        if (at < 0) {
          continue;
        }
        StringBuilder expression = new StringBuilder(line.substring(at + 5));
        while (i + 1 < lines.size()
            && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > at)) {
          expression.append('\n').append(lines.get(++i));
        }
        expressions.add(expression.toString());
      }
    }
    return expressions;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  /**
   * Resident memory and CPU time of each service process after start and a few runs, printed for
   * the requests and limits in k8s/ (docs/operations.md, "Resources"). Linux only.
   */
  private void printMemoryAndCpuOfTheServices() {
    long ticks = 100; // USER_HZ on Linux
    platform
        .pids()
        .forEach(
            (name, pid) -> {
              try {
                String status = Files.readString(Path.of("/proc/" + pid + "/status"));
                String rss =
                    status
                        .lines()
                        .filter(l -> l.startsWith("VmRSS:"))
                        .findFirst()
                        .orElse("VmRSS: ?")
                        .replaceAll("\\s+", " ");
                String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
                double cpuSeconds =
                    (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / (double) ticks;
                System.out.printf(
                    "[resources] %s %s, CPU %.1f s since start%n", name, rss, cpuSeconds);
              } catch (IOException | RuntimeException e) {
                System.out.printf("[resources] %s: not measured (%s)%n", name, e);
              }
            });
  }
}
