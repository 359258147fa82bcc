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
import java.util.ArrayList;
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

  private static final String BULK = WAIT.replace("console-wait", "console-bulk");

  private static final String PARENT =
      """
      {"id":"console-parent","name":"Console parent","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"child","type":"sub-workflow","config":{"workflowId":"console-hello","input":{"message":"{{trigger.message}}"}}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"t","target":"child"},{"source":"child","target":"end"}]}
      """;

  private static final String VERSION_1 =
      """
      {"id":"console-versions","name":"Console versions","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"echo","type":"action","label":"Echo","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"t","target":"echo"},{"source":"echo","target":"end"}]}
      """;

  // Version 2: another name, the echo renamed, an audit node between it and the end, and an input
  // schema on the trigger (multipleOf is left for the orchestrator: the page does not check it).
  private static final String VERSION_2 =
      """
      {"id":"console-versions","name":"Console versions, audited","nodes":[
        {"id":"t","type":"trigger","config":{"inputSchema":{"type":"object","required":["message"],
          "properties":{"message":{"type":"string","minLength":1},"copies":{"type":"integer","multipleOf":5}}}}},
        {"id":"echo","type":"action","label":"Echo the message","config":{"function":"core/echo","input":{"message":"{{trigger.message}}"}}},
        {"id":"audit","type":"action","config":{"function":"core/echo","input":{"copies":"{{trigger.copies}}"}}},
        {"id":"end","type":"end"}],
       "edges":[{"source":"t","target":"echo"},{"source":"echo","target":"audit"},{"source":"audit","target":"end"}]}
      """;

  private static final String BUILT = "builder-seed";
  private static final String BIG = "builder-300-nodes";

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger fetched = new AtomicInteger();
  private final AtomicInteger hooksDelivered = new AtomicInteger();
  private final AtomicInteger hooksFailed = new AtomicInteger();
  private String hookOk;
  private String hookFailing;
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
    // The webhooks page's two receivers: one takes every delivery, one always fails.
    dataServer.createContext(
        "/hooks/ok",
        exchange -> {
          hooksDelivered.incrementAndGet();
          JsonAnswer.send(exchange, "{}");
        });
    dataServer.createContext(
        "/hooks/failing",
        exchange -> {
          hooksFailed.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    dataServer.start();
    for (String definition :
        List.of(HELLO, APPROVAL, WAIT, TASK, BULK, PARENT, VERSION_1, VERSION_2, bigDefinition())) {
      assertThat(gateway.post("/api/v1/workflow-definitions", definition).statusCode())
          .isEqualTo(201);
    }
    hookOk = subscribe("/hooks/ok");
    hookFailing = subscribe("/hooks/failing");
  }

  /** A subscription to the completions of console-hello runs, delivered to this test's server. */
  private String subscribe(String path) throws Exception {
    var created =
        gateway.post(
            "/api/v1/webhook-subscriptions",
            "{\"url\":\"http://127.0.0.1:%d%s\",\"eventTypes\":[\"io.flowmesh.run.completed.v1\"],\"filter\":\"event.data.workflowId == 'console-hello'\"}"
                .formatted(dataServer.getAddress().getPort(), path));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asString();
  }

  @AfterAll
  void stopDataServer() throws Exception {
    // The failing one would go on retrying for the other tests of the shared platform.
    for (String subscription : new String[] {hookOk, hookFailing}) {
      if (subscription != null) {
        gateway.delete("/api/v1/webhook-subscriptions/" + subscription);
      }
    }
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
    List<String> bulkRuns =
        List.of(
            startWaiting("console-bulk"),
            startWaiting("console-bulk"),
            startWaiting("console-bulk"));
    String parentRun = start("console-parent", "{\"message\":\"family\"}");
    awaitStatus(parentRun, "COMPLETED");
    // A console-hello completion for each receiver: one delivered, one failing and retried.
    awaitStatus(start("console-hello", "{\"message\":\"for the webhooks\"}"), "COMPLETED");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> hooksDelivered.get() >= 1 && hooksFailed.get() >= 1);

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
            Map.entry("BUILDER_BIG_WORKFLOW", BIG),
            Map.entry("BULK_WORKFLOW", "console-bulk"),
            Map.entry("PARENT_RUN", parentRun),
            Map.entry("VERSIONS_WORKFLOW", "console-versions"),
            Map.entry("WEBHOOK_OK", hookOk),
            Map.entry("WEBHOOK_FAILING", hookFailing)));

    for (String bulkRun : bulkRuns) {
      assertThat(gateway.getJson("/api/v1/runs/" + bulkRun).get("status").asString())
          .as("cancelled in bulk")
          .isEqualTo("CANCELLED");
    }
    JsonNode parents = gateway.getJson("/api/v1/runs?workflowId=console-parent&status=COMPLETED");
    assertThat(parents.get("items")).as("the parent and its rerun").hasSize(2);
    for (String runId : parents.get("items").findValuesAsString("runId")) {
      assertThat(gateway.getJson("/api/v1/runs/" + runId).at("/outputs/trigger/message").asString())
          .as("a rerun has the input of the run it repeats")
          .isEqualTo("family");
    }
    JsonNode checked =
        gateway.getJson("/api/v1/runs?workflowId=console-versions&version=2&status=COMPLETED");
    assertThat(checked.get("items")).as("started once the input matched its schema").hasSize(1);
    assertThat(
            gateway
                .getJson("/api/v1/runs/" + checked.get("items").get(0).get("runId").asString())
                .at("/outputs/trigger/copies")
                .asInt())
        .isEqualTo(5);
    JsonNode replayed =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> gateway.getJson("/api/v1/webhook-deliveries?subscriptionId=" + hookOk),
                page ->
                    page.get("items").findValues("replayOf").stream().anyMatch(r -> !r.isNull()));
    assertThat(replayed.get("items")).isNotEmpty();
    assertThat(
            gateway
                .getJson("/api/v1/webhook-subscriptions/" + hookOk)
                .get("previousSecretExpiresAt")
                .isNull())
        .as("the secret was rotated")
        .isFalse();

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
    // Other steps complete console-hello runs too (as children, live, keyed): look among them.
    JsonNode started =
        gateway.getJson("/api/v1/runs?workflowId=console-hello&status=COMPLETED&limit=200");
    List<String> messages = new ArrayList<>();
    for (String runId : started.get("items").findValuesAsString("runId")) {
      messages.add(
          gateway.getJson("/api/v1/runs/" + runId).at("/outputs/trigger/message").asString());
    }
    assertThat(messages).as("the run the browser started").contains("hello from the console");
    assertThat(
            gateway
                .getJson("/api/v1/runs?workflowId=console-hello&businessKey=console-order-7")
                .get("items"))
        .as("the run the runs page found by its business key")
        .hasSize(1);
  }

  private String startWaiting(String workflowId) throws Exception {
    String runId = start(workflowId, "{}");
    awaitStatus(runId, "WAITING");
    return runId;
  }

  private String start(String workflowId, String input) throws Exception {
    var response =
        gateway.post(
            "/api/v1/runs", "{\"workflowId\":\"" + workflowId + "\",\"input\":" + input + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json.readTree(response.body()).get("runId").asString();
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
