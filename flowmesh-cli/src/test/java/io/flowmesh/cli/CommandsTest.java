package io.flowmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.flowmesh.client.ScriptedServer;
import io.flowmesh.client.ScriptedServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

  private static final String RUN =
      """
      {"runId":"run_1","workflowId":"hello","version":1,"status":"%s","outputs":%s,"error":%s,
       "startedAt":"2026-12-07T10:00:00Z","completedAt":null}
      """;

  private final ScriptedServer gateway = new ScriptedServer();
  private final Map<String, String> env =
      Map.of(
          "FLOWMESH_URL", gateway.url(),
          "FLOWMESH_API_KEY", "fm_test",
          "FLOWMESH_CONFIG", "/nonexistent/config");

  @AfterEach
  void stop() {
    gateway.close();
  }

  private static String attempt(String node, String status) {
    return """
        {"executionId":"exe_%s","nodeId":"%s","attempt":1,"status":"%s","input":{},"output":null,\
        "error":null,"startedAt":"2026-12-07T10:00:00Z","finishedAt":null,"itemIndex":null,\
        "nodeExecutionId":null}"""
        .formatted(node, node, status);
  }

  @Test
  void startingWithWaitPrintsEachNodeAsItChangesAndTheOutputs() {
    gateway.answer(
        Answer.json(
            202,
            "{\"runId\":\"run_1\",\"workflowId\":\"hello\",\"version\":1,\"status\":\"RUNNING\"}"),
        Answer.json(200, RUN.formatted("RUNNING", "{}", "null")),
        Answer.json(
            200, "[" + attempt("trigger", "COMPLETED") + "," + attempt("echo", "RUNNING") + "]"),
        Answer.json(200, RUN.formatted("COMPLETED", "{\"echo\":{\"message\":\"hi\"}}", "null")),
        Answer.json(
            200,
            "["
                + attempt("trigger", "COMPLETED")
                + ","
                + attempt("echo", "COMPLETED")
                + ","
                + attempt("end", "COMPLETED")
                + "]"));

    CliRun run =
        CliRun.of(
            env,
            "runs",
            "start",
            "hello",
            "--input",
            "{\"message\":\"hi\"}",
            "--wait",
            "--idempotency-key",
            "tour-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            run run_1 of hello v1 started
            run RUNNING
              trigger  COMPLETED
              echo  RUNNING
              echo  COMPLETED
              end  COMPLETED
            run COMPLETED
            outputs: {"echo":{"message":"hi"}}
            """);
    ScriptedServer.Request start = gateway.requests().getFirst();
    assertThat(start.header("Idempotency-Key")).isEqualTo("tour-1");
    assertThat(start.header("Authorization")).isEqualTo("Bearer fm_test");
    assertThat(start.body()).isEqualTo("{\"workflowId\":\"hello\",\"input\":{\"message\":\"hi\"}}");
  }

  @Test
  void aRunThatEndsFailedExitsWithFourAndItsError() {
    gateway.answer(
        Answer.json(
            202,
            "{\"runId\":\"run_1\",\"workflowId\":\"hello\",\"version\":1,\"status\":\"RUNNING\"}"),
        Answer.json(
            200, RUN.formatted("FAILED", "{}", "{\"nodeId\":\"echo\",\"code\":\"HTTP_500\"}")),
        Answer.json(200, "[" + attempt("echo", "FAILED") + "]"));

    CliRun run = CliRun.of(env, "runs", "start", "hello", "--wait");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out())
        .contains("run FAILED", "error: {\"nodeId\":\"echo\",\"code\":\"HTTP_500\"}");
  }

  @Test
  void aProblemExitsWithOneAndPrintsItsDetailOrItsJson() {
    gateway.answer(
        Answer.problem(
            404,
            "{\"type\":\"https://flowmesh.io/problems/not-found\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"No run 'run_nope'\"}"));

    CliRun table = CliRun.of(env, "runs", "get", "run_nope");
    CliRun json = CliRun.of(env, "runs", "get", "run_nope", "--output", "json");

    assertThat(table.exitCode()).isEqualTo(1);
    assertThat(table.err())
        .contains("flowmesh: 404 Not Found: No run 'run_nope'")
        .contains("type: https://flowmesh.io/problems/not-found");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(json.out())
        .isEqualToIgnoringNewLines(
            "{\"type\":\"https://flowmesh.io/problems/not-found\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"No run 'run_nope'\",\"instance\":null}");
  }

  @Test
  void noGatewayExitsWithThree() {
    String refusing = ScriptedServer.refusingUrl();

    CliRun run =
        CliRun.of(
            Map.of("FLOWMESH_API_KEY", "k", "FLOWMESH_CONFIG", "/nonexistent"),
            "--url",
            refusing,
            "runs",
            "get",
            "run_1");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("flowmesh: cannot reach Flowmesh: GET " + refusing);
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    CliRun run = CliRun.of(env, "runs", "start", "--help");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Usage: flowmesh runs start", "--wait", "--idempotency-key");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void aWrongCommandLineOrInputExitsWithTwoAndSendsNothing() {
    assertThat(CliRun.of(env, "runs", "start").exitCode()).isEqualTo(2);
    assertThat(CliRun.of(env, "runs", "start", "hello", "--input", "{not json").exitCode())
        .isEqualTo(2);
    assertThat(CliRun.of(env, "apply", "-f", "/nonexistent/definition.json").exitCode())
        .isEqualTo(2);
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void listingPrintsATableAndTheNextPagesCursor() {
    gateway.answer(
        Answer.json(
            200,
            """
            {"items":[{"runId":"run_2","workflowId":"hello","version":2,"status":"FAILED",
              "businessKey":null,"startedAt":"2026-12-07T10:00:00Z","completedAt":"2026-12-07T10:00:01Z"},
             {"runId":"run_1","workflowId":"hello","version":1,"status":"RUNNING",
              "businessKey":null,"startedAt":"2026-12-07T09:00:00Z","completedAt":null}],
             "nextCursor":"MTpy"}
            """));

    CliRun run =
        CliRun.of(env, "runs", "list", "--workflow", "hello", "--status", "failed,running");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            RUN    WORKFLOW  VERSION  STATUS   STARTED               ENDED
            run_2  hello     2        FAILED   2026-12-07T10:00:00Z  2026-12-07T10:00:01Z
            run_1  hello     1        RUNNING  2026-12-07T09:00:00Z  -
            more: --cursor MTpy
            """);
    assertThat(gateway.requests().getFirst().pathAndQuery())
        .isEqualTo("/api/v1/runs?workflowId=hello&status=FAILED%2CRUNNING");
  }

  @Test
  void applySendsTheFileAsItIsAndPrintsTheSavedVersion(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("hello.json");
    Files.writeString(file, "{\"id\":\"hello\",\"nodes\":[],\"edges\":[]}");
    gateway.answer(
        Answer.json(
            201,
            "{\"id\":\"hello\",\"version\":2,\"name\":null,\"createdAt\":\"2026-12-07T10:00:00Z\"}"));

    CliRun run = CliRun.of(env, "apply", "-f", file.toString(), "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualToIgnoringNewLines(
            "{\"id\":\"hello\",\"version\":2,\"name\":null,\"createdAt\":\"2026-12-07T10:00:00Z\"}");
    assertThat(gateway.requests().getFirst().body())
        .isEqualTo("{\"id\":\"hello\",\"nodes\":[],\"edges\":[]}");
  }

  @Test
  void theUrlAndKeyComeFromTheProfileWhenNoFlagOrEnvironmentGivesThem(@TempDir Path dir)
      throws IOException {
    Path config = dir.resolve("config");
    Files.writeString(
        config,
        "url=http://127.0.0.1:1\napi-key=fm_default\nstaging.url="
            + gateway.url()
            + "\nstaging.api-key=fm_staging\n");
    gateway.answer(Answer.json(200, RUN.formatted("RUNNING", "{}", "null")));

    CliRun run =
        CliRun.of(
            Map.of("FLOWMESH_CONFIG", config.toString()),
            "runs",
            "get",
            "run_1",
            "--profile",
            "staging");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(gateway.requests().getFirst().header("Authorization"))
        .isEqualTo("Bearer fm_staging");
  }

  @Test
  void anEventIsSentAsAStructuredCloudEvent() {
    gateway.answer(
        Answer.json(
            202,
            "{\"events\":[{\"id\":\"evt_1\",\"source\":\"/shop\",\"eventId\":\"order-42\",\"duplicate\":false}]}"));

    CliRun run =
        CliRun.of(
            env,
            "events",
            "send",
            "--type",
            "com.acme.order.placed",
            "--source",
            "/shop",
            "--id",
            "order-42",
            "--data",
            "{\"orderId\":\"o-42\"}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("evt_1", "order-42", "false");
    ScriptedServer.Request sent = gateway.requests().getFirst();
    assertThat(sent.header("Content-Type")).isEqualTo("application/cloudevents+json");
    assertThat(sent.body())
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\"order-42\",\"source\":\"/shop\",\"type\":"
                + "\"com.acme.order.placed\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"orderId\":\"o-42\"}}");
  }

  @Test
  void completingATaskSendsItsData() {
    gateway.answer(
        Answer.json(
            200,
            "{\"taskId\":\"tsk_1\",\"runId\":\"run_1\",\"nodeId\":\"review\",\"status\":\"COMPLETED\"}"));

    CliRun run =
        CliRun.of(env, "tasks", "complete", "run_1", "tsk_1", "--data", "{\"approved\":true}");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(gateway.requests().getFirst().pathAndQuery())
        .isEqualTo("/api/v1/runs/run_1/tasks/tsk_1/complete");
    assertThat(gateway.requests().getFirst().body()).isEqualTo("{\"data\":{\"approved\":true}}");
  }

  @Test
  void listenSubscribesALoopbackReceiverPrintsVerifiedDeliveriesAndUnsubscribes() throws Exception {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    gateway.answer(
        Answer.json(
            201,
            "{\"id\":\"whs_1\",\"url\":\"http://127.0.0.1:"
                + port
                + "/hooks\",\"eventTypes\":[\"io.flowmesh.run.*\"],\"state\":\"ACTIVE\",\"secret\":\""
                + secret
                + "\",\"createdAt\":\"2026-12-07T10:00:00Z\"}"),
        new Answer(204, null, "", Map.of()));
    CompletableFuture<CliRun> listening =
        CompletableFuture.supplyAsync(
            () -> CliRun.of(env, "webhooks", "listen", "--port", "" + port, "--count", "1"));

    String body =
        "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/flowmesh\","
            + "\"type\":\"io.flowmesh.run.started.v1\",\"subject\":\"run_1\",\"data\":{}}";
    long now = Instant.now().getEpochSecond();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest.Builder delivery =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks"))
            .header("webhook-id", "whd_1")
            .header("webhook-timestamp", Long.toString(now))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<Void> forged =
        sendWhenListening(http, delivery.copy().header("webhook-signature", "v1,Zm9yZ2Vk").build());
    HttpResponse<Void> signed =
        http.send(
            delivery
                .header("webhook-signature", new Webhook(secret).sign("whd_1", now, body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    CliRun run = listening.get(10, TimeUnit.SECONDS);

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(signed.statusCode()).isEqualTo(204);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("io.flowmesh.run.started.v1  run_1  whd_1").hasLineCount(1);
    assertThat(run.err()).contains("subscription whs_1 deleted");
    assertThat(gateway.requests().getFirst().body())
        .isEqualTo(
            "{\"url\":\"http://127.0.0.1:"
                + port
                + "/hooks\",\"eventTypes\":[\"io.flowmesh.run.*\"]}");
    assertThat(gateway.requests().getLast().method()).isEqualTo("DELETE");
    assertThat(gateway.requests().getLast().pathAndQuery())
        .isEqualTo("/api/v1/webhook-subscriptions/whs_1");
  }

  /** The first delivery, sent once the listener accepts connections (within 10 s). */
  private static HttpResponse<Void> sendWhenListening(HttpClient http, HttpRequest request)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (java.net.ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
