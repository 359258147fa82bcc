package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.RunStatus;
import io.flowmesh.client.Runs;
import io.flowmesh.client.worker.Worker;
import io.flowmesh.launcher.Platform;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * External workers against the real platform: a run whose action node is a {@code worker} function
 * completes through the SDK's worker runtime, holding a key with only the {@code workers} scope;
 * and a worker process killed with SIGKILL mid-task loses its lease, the attempt fails with
 * LEASE_EXPIRED, and the node's retry is completed by another worker: one result for the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class WorkerE2EIT {

  private final JsonMapper json = JsonMapper.builder().build();
  private Platform platform;
  private GatewayClient admin;
  private FlowmeshClient flowmesh;
  private String workerKey;

  @BeforeAll
  void connect(Platform shared) throws Exception {
    platform = shared;
    admin = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    flowmesh =
        FlowmeshClient.builder().baseUrl(platform.gatewayUrl()).apiKey(platform.apiKey()).build();
    HttpResponse<String> issued =
        admin.post("/api/v1/api-keys", "{\"name\": \"e2e-worker\", \"scopes\": [\"workers\"]}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    workerKey = json.readTree(issued.body()).path("secret").asString();
  }

  @Test
  void aRunWhoseNodeIsAWorkerFunctionCompletesThroughAWorkerRuntime() throws Exception {
    saveWorkflow("worker-quote", "e2e/quote", 1);
    AtomicInteger handled = new AtomicInteger();
    try (Worker worker =
        Worker.builder(workerClient())
            .handler(
                "e2e/quote",
                task -> {
                  handled.incrementAndGet();
                  return Map.of("price", task.input().path("quantity").asInt() * 3);
                })
            .concurrency(2)
            .build()
            .start()) {
      String runId =
          flowmesh.runs().start(Runs.StartRun.of("worker-quote", Map.of("quantity", 7))).runId();
      Runs.Run run = flowmesh.runs().waitForEnd(runId, Duration.ofSeconds(60));

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.outputs().get("work")).isEqualTo(Map.of("price", 21));
      assertThat(handled).hasValue(1);
    }
    // the worker's key takes tasks and nothing else
    HttpResponse<String> runs =
        new GatewayClient(platform.gatewayUrl(), workerKey).get("/api/v1/runs");
    assertThat(runs.statusCode()).isEqualTo(403);
  }

  @Test
  void aWorkerKilledMidTaskLosesItsLeaseAndAnotherWorkerCompletesTheNodeOnce(@TempDir Path dir)
      throws Exception {
    saveWorkflow("worker-survives", "e2e/survive", 3);
    Path marker = dir.resolve("started");
    Process doomed = startWorkerProcess("e2e/survive", marker, dir);
    try {
      String runId =
          flowmesh.runs().start(Runs.StartRun.of("worker-survives", Map.of("quantity", 2))).runId();
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
      doomed.destroyForcibly(); // SIGKILL: no drain, no answer, no more heartbeats
      assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();

      AtomicInteger handled = new AtomicInteger();
      try (Worker survivor =
          Worker.builder(workerClient())
              .handler(
                  "e2e/survive",
                  task -> {
                    handled.incrementAndGet();
                    return Map.of("attempt", task.attempt());
                  })
              .build()
              .start()) {
        Runs.Run run = flowmesh.runs().waitForEnd(runId, Duration.ofSeconds(90));

        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(handled).hasValue(1);
      }
      // The killed worker's attempt failed LEASE_EXPIRED and was retried; exactly one attempt
      // completed, the last, and its output is the node's.
      List<Runs.NodeAttempt> work =
          flowmesh.runs().history(runId).stream().filter(a -> a.nodeId().equals("work")).toList();
      String killedTask = Files.readString(marker);
      Runs.NodeAttempt killed =
          work.stream().filter(a -> a.executionId().equals(killedTask)).findFirst().orElseThrow();
      assertThat(killed.status()).isEqualTo("FAILED");
      assertThat(json.valueToTree(killed.error()).path("code").asString())
          .isEqualTo("LEASE_EXPIRED");
      assertThat(work).filteredOn(a -> a.status().equals("COMPLETED")).hasSize(1);
      Runs.NodeAttempt last = work.getLast();
      assertThat(last.status()).isEqualTo("COMPLETED");
      assertThat(last.attempt()).isGreaterThan(killed.attempt());
      assertThat(flowmesh.runs().get(runId).outputs().get("work"))
          .isEqualTo(Map.of("attempt", last.attempt()));
    } finally {
      doomed.destroyForcibly();
    }
  }

  private FlowmeshClient workerClient() {
    return FlowmeshClient.builder().baseUrl(platform.gatewayUrl()).apiKey(workerKey).build();
  }

  /** A worker function and a workflow trigger → work (the function) → end. */
  private void saveWorkflow(String id, String function, int maxAttempts) throws Exception {
    HttpResponse<String> registered =
        admin.post(
            "/api/v1/functions",
            "{\"slug\": \""
                + function
                + "\", \"name\": \""
                + function
                + "\","
                + " \"executionType\": \"worker\"}");
    assertThat(registered.statusCode()).as(registered.body()).isIn(201, 409);
    JsonNode definition =
        json.readTree(
            """
            {"id":"%s","name":"%s","nodes":[
              {"id":"trigger","type":"trigger","config":{}},
              {"id":"work","type":"action","config":{"function":"%s",
                "input":{"quantity":"{{trigger.quantity}}"},
                "retry":{"maxAttempts":%d,"initialInterval":"PT0.5S"}}},
              {"id":"end","type":"end","config":{}}],
             "edges":[{"id":"e1","source":"trigger","target":"work"},
                      {"id":"e2","source":"work","target":"end"}]}
            """
                .formatted(id, id, function, maxAttempts));
    flowmesh.definitions().save(definition);
  }

  private Process startWorkerProcess(String function, Path marker, Path dir) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            WorkerProcess.class.getName(),
            platform.gatewayUrl(),
            workerKey,
            function,
            marker.toString())
        .redirectOutput(dir.resolve("worker-out.txt").toFile())
        .redirectError(dir.resolve("worker-err.txt").toFile())
        .start();
  }
}
