package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.launcher.Platform;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console in a real browser (Debian's Chromium driven by Playwright, {@code
 * src/test/browser/console.e2e.mjs}) against the whole platform: sign in with the API key, start a
 * run from a definition and watch it complete on the graph, approve a gate from the inbox, complete
 * a manual task after a validation error, cancel a waiting run, pause a schedule; axe-core on every
 * page. The outcome is checked again here through the API, so a page that only looked right does
 * not pass. Screenshots of each page are in {@code target/console-screenshots}.
 *
 * <p>The visual builder's steps ({@code src/test/browser/builder-steps.mjs}) run in the same
 * browser: the Workflow Builder's example (trigger, HTTP request to a server of this test on
 * loopback, approval gate, an action using {@code {{FetchData.data.content}}}) is built by drag and
 * drop, saved, run and approved on the canvas; here its saved document and its run are checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class ConsoleBrowserE2EIT {

  private static final Path MODULE =
      Path.of(System.getProperty("flowmesh.repository-root", ".."))
          .resolve("e2e-tests")
          .toAbsolutePath()
          .normalize();

  private static final String HELLO =
      """
      {"id":"console-hello","name":"Console hello","nodes":[
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"echo","type":"action","label":"Echo","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
        {"id":"end","type":"end","config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"echo"},{"id":"e2","source":"echo","target":"end"}]}
      """;

  private static final String APPROVAL =
      """
      {"id":"console-approval","name":"Console approval","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"approval","type":"approval-gate","label":"Manager approval","config":{"eventName":"approved","message":"Pay the invoice?"}},
        {"id":"pay","type":"action","config":{"function":"core/echo","input":{"approved":"{{approval.approved}}"}}}],
       "edges":[{"source":"t","target":"approval"},{"source":"approval","target":"pay"}]}
      """;

  private static final String WAIT =
      """
      {"id":"console-wait","name":"Console wait","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"wait","type":"timer","label":"Wait an hour","config":{"duration":"PT1H"}},
        {"id":"after","type":"action","config":{"function":"core/echo","input":{}}}],
       "edges":[{"source":"t","target":"wait"},{"source":"wait","target":"after"}]}
      """;

  private static final String TASK =
      """
      {"id":"console-task","name":"Console task","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"review","type":"manual-task","label":"Review","config":{"title":"Review the refund",
          "form":{"type":"object","required":["reason"],"properties":{
            "reason":{"type":"string","minLength":3},"approved":{"type":"boolean"}}}}},
        {"id":"done","type":"action","config":{"function":"core/echo","input":{"reason":"{{review.reason}}"}}}],
       "edges":[{"source":"t","target":"review"},{"source":"review","target":"done"}]}
      """;

  private static final String BUILT = "builder-seed";
  private static final String BIG = "builder-300-nodes";

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger fetched = new AtomicInteger();
  private Platform platform;
  private GatewayClient gateway;
  private HttpServer dataServer;

  @BeforeAll
  void prepare(Platform shared) throws Exception {
    platform = shared;
    gateway = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    run(
        List.of("bash", "install-chromium.sh"),
        Duration.ofMinutes(10),
        "chromium-install.log",
        "Chromium could not be installed for the console's browser test (see"
            + " target/chromium-install.log); install it as root with 'apt-get update && apt-get"
            + " install -y chromium chromium-driver'.");
    if (!Files.isDirectory(MODULE.resolve("node_modules/playwright-core"))) {
      run(
          List.of("npm", "ci", "--no-audit", "--no-fund"),
          Duration.ofMinutes(5),
          "npm-ci.log",
          "npm could not install playwright-core and axe-core (see target/npm-ci.log).");
    }
    // What the built workflow's HTTP request fetches: a server of this test on loopback, which
    // the platform's outbound guard allows in local and test runs
    // (FLOWMESH_FUNCTIONS_ALLOW_LOOPBACK).
    dataServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dataServer.createContext(
        "/report",
        exchange -> {
          fetched.incrementAndGet();
          JsonAnswer.send(exchange, "{\"content\":\"quarterly figures\"}");
        });
    dataServer.start();
    for (String definition : List.of(HELLO, APPROVAL, WAIT, TASK, bigDefinition())) {
      assertThat(gateway.post("/api/v1/workflow-definitions", definition).statusCode())
          .isEqualTo(201);
    }
  }

  @AfterAll
  void stopDataServer() {
    if (dataServer != null) {
      dataServer.stop(0);
    }
  }

  /** A chain of 300 nodes without positions, for the builder to lay out and draw. */
  private static String bigDefinition() {
    StringBuilder nodes = new StringBuilder("{\"id\":\"t\",\"type\":\"trigger\"}");
    StringBuilder edges = new StringBuilder();
    IntStream.range(1, 300)
        .forEach(
            i -> {
              nodes.append(
                  ",{\"id\":\"n%d\",\"type\":\"action\",\"config\":{\"actionId\":\"core/echo\"}}"
                      .formatted(i));
              edges
                  .append(i > 1 ? "," : "")
                  .append(
                      "{\"source\":\"%s\",\"target\":\"n%d\"}"
                          .formatted(i == 1 ? "t" : "n" + (i - 1), i));
            });
    return "{\"id\":\"%s\",\"nodes\":[%s],\"edges\":[%s]}".formatted(BIG, nodes, edges);
  }

  @Test
  void anOperatorSignsInStartsApprovesCompletesAndCancelsInTheBrowser() throws Exception {
    String approvalRun = startWaiting("console-approval");
    String waitingRun = startWaiting("console-wait");
    String taskRun = startWaiting("console-task");
    // Once, far ahead: it never starts a run while the test looks at the runs.
    var schedule =
        gateway.post(
            "/api/v1/schedules",
            "{\"name\":\"console yearly\",\"workflowId\":\"console-wait\","
                + "\"at\":\"2099-01-01T00:00:00Z\"}");
    assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(201);
    String scheduleId = json.readTree(schedule.body()).get("id").asString();

    run(
        List.of("node", "src/test/browser/console.e2e.mjs"),
        Duration.ofMinutes(8),
        "console-browser.log",
        "The console's browser test failed (its steps and error are in"
            + " target/console-browser.log; screenshots in target/console-screenshots).",
        Map.ofEntries(
            Map.entry("GATEWAY_URL", platform.gatewayUrl()),
            Map.entry("API_KEY", platform.apiKey()),
            Map.entry("SCREENSHOTS", MODULE.resolve("target/console-screenshots").toString()),
            Map.entry("HELLO_WORKFLOW", "console-hello"),
            Map.entry("APPROVAL_RUN", approvalRun),
            Map.entry("WAITING_RUN", waitingRun),
            Map.entry("TASK_RUN", taskRun),
            Map.entry("SCHEDULE", scheduleId),
            Map.entry("BUILDER_WORKFLOW", BUILT),
            Map.entry(
                "BUILDER_FETCH_URL",
                "http://127.0.0.1:" + dataServer.getAddress().getPort() + "/report"),
            Map.entry("BUILDER_BIG_WORKFLOW", BIG)));

    // The builder saved the seed's format with positions, and its run used the fetched content.
    JsonNode saved = gateway.getJson("/api/v1/workflow-definitions/" + BUILT + "/versions/1");
    assertThat(saved.at("/document/nodes")).hasSize(4);
    assertThat(saved.at("/document/edges")).hasSize(3);
    saved
        .at("/document/nodes")
        .forEach(node -> assertThat(node.has("position")).as(node.toString()).isTrue());
    JsonNode built = gateway.getJson("/api/v1/runs?workflowId=" + BUILT + "&status=COMPLETED");
    assertThat(built.get("items")).as("the run started and approved in the builder").hasSize(1);
    JsonNode builtRun =
        gateway.getJson("/api/v1/runs/" + built.get("items").get(0).get("runId").asString());
    assertThat(builtRun.at("/outputs/echo/content").asString()).isEqualTo("quarterly figures");
    assertThat(builtRun.at("/outputs/approval-gate/approved").asBoolean()).isTrue();
    assertThat(fetched.get()).isEqualTo(1);

    JsonNode approved = awaitStatus(approvalRun, "COMPLETED");
    assertThat(approved.at("/outputs/approval/approved").asBoolean()).isTrue();
    assertThat(approved.at("/outputs/approval/comment").asString()).isEqualTo("fine by me");
    JsonNode task = awaitStatus(taskRun, "COMPLETED");
    assertThat(task.at("/outputs/review/reason").asString()).isEqualTo("checked twice");
    assertThat(gateway.getJson("/api/v1/runs/" + waitingRun).get("status").asString())
        .isEqualTo("CANCELLED");
    assertThat(gateway.getJson("/api/v1/schedules/" + scheduleId).get("paused").asBoolean())
        .isTrue();
    JsonNode started = gateway.getJson("/api/v1/runs?workflowId=console-hello&status=COMPLETED");
    assertThat(started.get("items")).as("the run the browser started").isNotEmpty();
    assertThat(
            gateway
                .getJson("/api/v1/runs/" + started.get("items").get(0).get("runId").asString())
                .at("/outputs/trigger/message")
                .asString())
        .isEqualTo("hello from the console");
  }

  private String startWaiting(String workflowId) throws Exception {
    var response =
        gateway.post("/api/v1/runs", "{\"workflowId\":\"" + workflowId + "\",\"input\":{}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String runId = json.readTree(response.body()).get("runId").asString();
    awaitStatus(runId, "WAITING");
    return runId;
  }

  private JsonNode awaitStatus(String runId, String status) {
    return await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> gateway.getJson("/api/v1/runs/" + runId),
            run -> status.equals(run.get("status").asString()));
  }

  private static void run(List<String> command, Duration limit, String log, String failure)
      throws IOException, InterruptedException {
    run(command, limit, log, failure, Map.of());
  }

  /** Runs a command in this module, its output in target/{log} and on the test's output. */
  private static void run(
      List<String> command, Duration limit, String log, String failure, Map<String, String> env)
      throws IOException, InterruptedException {
    File output = MODULE.resolve("target").resolve(log).toFile();
    Files.createDirectories(output.toPath().getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(MODULE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException notInstalled) {
      fail(failure + " '" + command.getFirst() + "' could not start: " + notInstalled.getMessage());
      return;
    }
    boolean finished = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
    String printed = Files.readString(output.toPath());
    System.out.println(printed);
    if (!finished) {
      process.destroyForcibly();
      fail(failure + " It did not finish within " + limit + ".\n" + printed);
    }
    if (process.exitValue() != 0) {
      fail(failure + "\n" + printed);
    }
  }
}
