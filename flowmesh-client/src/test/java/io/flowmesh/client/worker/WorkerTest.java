package io.flowmesh.client.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.client.FlowmeshClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker runtime against a real local HTTP server playing the worker API: polls hand out the
 * queued tasks (then none), answers are recorded by task id.
 */
class WorkerTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final Deque<String> queued = new ArrayDeque<>();
  private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
  private volatile CountDownLatch answered = new CountDownLatch(0);
  private final HttpServer server;

  WorkerTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/api/v1/workers/tasks/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            String answer;
            if (path.endsWith("/poll")) {
              StringBuilder tasks = new StringBuilder();
              synchronized (queued) {
                int max = body.path("maxTasks").asInt();
                for (int i = 0; i < max && !queued.isEmpty(); i++) {
                  tasks.append(tasks.isEmpty() ? "" : ",").append(queued.poll());
                }
              }
              answer = "{\"tasks\": [" + tasks + "]}";
            } else {
              String[] parts = path.split("/");
              String taskId = parts[parts.length - 2];
              if (!path.endsWith("/heartbeat")) {
                answers.put(taskId + " " + parts[parts.length - 1], body);
                answered.countDown();
              }
              answer = "{\"taskId\": \"" + taskId + "\", \"status\": \"SUCCEEDED\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void queue(String taskId, String function, String input) {
    synchronized (queued) {
      queued.add(
          """
          {"taskId": "%s", "leaseToken": "lease-%s", "leaseExpiresAt": "2026-12-07T20:00:00Z",
           "function": "%s", "runId": "run_1", "nodeId": "n1", "attempt": 1, "input": %s}"""
              .formatted(taskId, taskId, function, input));
    }
  }

  private FlowmeshClient client() {
    return FlowmeshClient.builder()
        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
        .build();
  }

  @Test
  void outputsFailuresAndExceptionsAreAnsweredUnderTheTasksLease() throws Exception {
    queue("t1", "acme/double", "{\"n\": 21}");
    queue("t2", "acme/double", "{\"n\": -1}");
    queue("t3", "acme/explode", "{}");
    answered = new CountDownLatch(3);
    record Number(int n) {}

    try (Worker worker =
        Worker.builder(client())
            .handler(
                "acme/double",
                task -> {
                  int n = task.input(Number.class).n();
                  if (n < 0) {
                    throw new TaskFailure("NEGATIVE", "n must not be negative", false);
                  }
                  return Map.of("doubled", 2 * n);
                })
            .handler(
                "acme/explode",
                task -> {
                  throw new IllegalStateException("boom");
                })
            .concurrency(3)
            .build()
            .start()) {
      assertThat(answered.await(30, TimeUnit.SECONDS)).as("three answers").isTrue();
    }

    assertThat(answers.get("t1 complete").path("leaseToken").asString()).isEqualTo("lease-t1");
    assertThat(answers.get("t1 complete").path("output").toString()).isEqualTo("{\"doubled\":42}");
    assertThat(answers.get("t2 fail").path("code").asString()).isEqualTo("NEGATIVE");
    assertThat(answers.get("t2 fail").path("retryable").asBoolean()).isFalse();
    assertThat(answers.get("t3 fail").path("code").asString()).isEqualTo("WORKER_ERROR");
    assertThat(answers.get("t3 fail").path("message").asString()).contains("boom");
    assertThat(answers.get("t3 fail").path("retryable").asBoolean()).isTrue();
  }

  @Test
  void closingDrainsARunningTaskWhichStillAnswersBeforeCloseReturns() throws Exception {
    queue("t1", "acme/slow", "{}");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Worker worker =
        Worker.builder(client())
            .handler(
                "acme/slow",
                task -> {
                  started.countDown();
                  release.await();
                  return "done";
                })
            .build()
            .start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    Thread closing = Thread.ofVirtual().start(worker::close);
    assertThat(answers).isEmpty();
    release.countDown();
    closing.join();

    assertThat(answers.get("t1 complete").path("output").asString()).isEqualTo("done");
  }
}
