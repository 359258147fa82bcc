package io.flowmesh.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.outbox.Outbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * External workers' tasks against real PostgreSQL and Kafka: requests of {@code worker} functions
 * come from the requests topic as the orchestrator sends them, workers poll and answer over the
 * worker API, and the results go to the results topic.
 */
class WorkerTasksIT extends IntegrationTestBase {

  @Autowired MockMvcTester mvc;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;
  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired FinishedTaskPurge purge;

  private ExecutionDriver driver;

  @BeforeEach
  void driver() {
    driver = new ExecutionDriver(outbox, transactions, json);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void
      aWorkerFunctionsRequestWaitsAsATaskUntilAWorkerCompletesItAndARepeatedCompletionChangesNothing() {
    String tenant = "workers-basic";
    String slug = register(tenant, "acme/charge", null);
    FunctionRequested request =
        ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of("cents", 250));
    driver.send(tenant, request);

    List<JsonNode> tasks = poll(tenant, Map.of("functions", List.of(slug), "waitSeconds", 10));

    assertThat(tasks).hasSize(1);
    JsonNode task = tasks.getFirst();
    assertThat(task.path("taskId").asString()).isEqualTo(request.executionId());
    assertThat(task.path("runId").asString()).isEqualTo(request.runId());
    assertThat(task.path("attempt").asInt()).isEqualTo(1);
    assertThat(task.path("input").toString()).isEqualTo("{\"cents\":250}");
    assertThat(driver.resultIfAny(request)).isEmpty();

    Map<String, Object> completion =
        Map.of("leaseToken", task.path("leaseToken").asString(), "output", Map.of("charged", true));
    MvcTestResult first = answer(tenant, request.executionId(), "complete", completion);
    MvcTestResult repeat = answer(tenant, request.executionId(), "complete", completion);

    assertThat(first).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("SUCCEEDED");
    assertThat(repeat).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("SUCCEEDED");
    FunctionSucceeded result = driver.success(driver.result(request));
    assertThat(json.valueToTree(result.output()).toString()).isEqualTo("{\"charged\":true}");
    assertThat(
            jdbc.sql("SELECT count(*) FROM executions WHERE tenant = ? AND execution_id = ?")
                .params(tenant, request.executionId())
                .query(Integer.class)
                .single())
        .isOne();
  }

  @Test
  void manyWorkersPollingOneFunctionNeverLeaseTheSameTask() throws Exception {
    String tenant = "workers-many";
    String slug = register(tenant, "acme/resize", null);
    int count = 120;
    FunctionRequested[] requests =
        IntStream.range(0, count)
            .mapToObj(i -> ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of("i", i)))
            .toArray(FunctionRequested[]::new);
    driver.send(tenant, requests);

    ConcurrentLinkedQueue<String> leased = new ConcurrentLinkedQueue<>();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
    try (ExecutorService workers = Executors.newFixedThreadPool(8)) {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        running.add(
            workers.submit(
                () -> {
                  // Each worker polls until every task is leased (or a deadline, if some never is).
                  while (leased.size() < count && System.nanoTime() < deadline) {
                    List<JsonNode> tasks;
                    tasks =
                        poll(
                            tenant,
                            Map.of("functions", List.of(slug), "maxTasks", 3, "waitSeconds", 2));
                    for (JsonNode task : tasks) {
                      leased.add(task.path("taskId").asString());
                      assertThat(
                              answer(
                                  tenant,
                                  task.path("taskId").asString(),
                                  "complete",
                                  Map.of("leaseToken", task.path("leaseToken").asString())))
                          .hasStatusOk();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
    }

    assertThat(leased).hasSize(count).doesNotHaveDuplicates();
    for (FunctionRequested request : requests) {
      driver.success(driver.result(request));
    }
  }

  @Test
  void aWorkerOfAnotherTenantNeverSeesTheTaskAndCannotAnswerIt() {
    String owner = "workers-owner";
    String other = "workers-other";
    String slug = register(owner, "acme/ship", null);
    register(other, "acme/ship", null);
    FunctionRequested request = ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of());
    driver.send(owner, request);
    awaitQueued(owner, request.executionId());

    List<JsonNode> seenByOther =
        poll(other, Map.of("functions", List.of(slug), "maxTasks", 10, "waitSeconds", 1));
    MvcTestResult answeredByOther =
        answer(other, request.executionId(), "complete", Map.of("leaseToken", "guess"));
    List<JsonNode> seenByOwner = poll(owner, Map.of("functions", List.of(slug), "waitSeconds", 5));

    assertThat(seenByOther).isEmpty();
    assertThat(answeredByOther).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answeredByOther)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
    assertThat(seenByOwner)
        .extracting(task -> task.path("taskId").asString())
        .containsExactly(request.executionId());
  }

  @Test
  void anExpiredLeaseFailsTheAttemptRetryablyAndItsLateCompletionIsRefusedWith409() {
    String tenant = "workers-expiry";
    String slug = register(tenant, "acme/slow", null);
    FunctionRequested first = ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of());
    driver.send(tenant, first);
    JsonNode gone =
        poll(tenant, Map.of("functions", List.of(slug), "waitSeconds", 10, "leaseSeconds", 1))
            .getFirst();

    // The worker never answers: its lease expires and the attempt fails, retryable.
    FunctionFailed failed = driver.failure(driver.result(first));
    assertThat(failed.error().code()).isEqualTo("LEASE_EXPIRED");
    assertThat(failed.error().retryable()).isTrue();

    Map<String, Object> late =
        Map.of("leaseToken", gone.path("leaseToken").asString(), "output", Map.of());
    MvcTestResult completion = answer(tenant, first.executionId(), "complete", late);
    MvcTestResult heartbeat = answer(tenant, first.executionId(), "heartbeat", late);
    assertThat(completion).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(completion).bodyJson().extractingPath("$.detail").asString().contains("expired");
    assertThat(heartbeat).hasStatus(409);

    // The node's retry comes as a new request, a new task another worker takes and completes.
    FunctionRequested retry =
        new FunctionRequested(
            UuidV7.prefixed("exe"), first.runId(), first.nodeId(), 2, slug, Map.of(), 0);
    driver.send(tenant, retry);
    JsonNode again = poll(tenant, Map.of("functions", List.of(slug), "waitSeconds", 10)).getFirst();
    assertThat(again.path("taskId").asString()).isEqualTo(retry.executionId());
    assertThat(again.path("attempt").asInt()).isEqualTo(2);
    assertThat(
            answer(
                tenant,
                retry.executionId(),
                "complete",
                Map.of("leaseToken", again.path("leaseToken").asString(), "output", "done")))
        .hasStatusOk();
    assertThat(driver.success(driver.result(retry)).output()).isEqualTo("done");
  }

  @Test
  void aCompletionUnderAnotherWorkersLeaseIsRefusedAndHeartbeatsKeepALeaseAlive() {
    String tenant = "workers-lease";
    String slug = register(tenant, "acme/long", null);
    FunctionRequested request = ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of());
    driver.send(tenant, request);
    JsonNode task =
        poll(tenant, Map.of("functions", List.of(slug), "waitSeconds", 10, "leaseSeconds", 2))
            .getFirst();
    String token = task.path("leaseToken").asString();

    MvcTestResult wrongToken =
        answer(tenant, request.executionId(), "complete", Map.of("leaseToken", "not-" + token));
    MvcTestResult heartbeat =
        answer(
            tenant,
            request.executionId(),
            "heartbeat",
            Map.of("leaseToken", token, "leaseSeconds", 60));

    assertThat(wrongToken).hasStatus(409);
    assertThat(wrongToken).bodyJson().extractingPath("$.detail").asString().contains("another");
    assertThat(heartbeat).hasStatusOk();
    // Once the first lease's end has passed by the database's clock, with time for the reaper to
    // have looked twice, the heartbeat's lease still holds.
    String firstEnd = task.path("leaseExpiresAt").asString();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("SELECT now() > ?::timestamptz + interval '2 seconds'")
                    .param(firstEnd)
                    .query(Boolean.class)
                    .single());
    assertThat(status(tenant, request.executionId())).isEqualTo("LEASED");
    MvcTestResult failure =
        answer(
            tenant,
            request.executionId(),
            "fail",
            Map.of(
                "leaseToken",
                token,
                "code",
                "OUT_OF_STOCK",
                "message",
                "none left",
                "retryable",
                false));
    assertThat(failure).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("FAILED");
    FunctionFailed failed = driver.failure(driver.result(request));
    assertThat(failed.error().code()).isEqualTo("OUT_OF_STOCK");
    assertThat(failed.error().retryable()).isFalse();
  }

  @Test
  void inputsAndOutputsAreCheckedAgainstTheFunctionsSchemas() {
    String tenant = "workers-schemas";
    Map<String, Object> schema =
        Map.of("type", "object", "required", List.of("sku"), "properties", Map.of());
    String slug = register(tenant, "acme/reserve", schema);
    FunctionRequested bad = ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of("x", 1));
    FunctionRequested good =
        ExecutionDriver.call(UuidV7.prefixed("run"), slug, Map.of("sku", "A-1"));
    driver.send(tenant, bad, good);

    assertThat(driver.failure(driver.result(bad)).error().code()).isEqualTo("INPUT_INVALID");
    JsonNode task = poll(tenant, Map.of("functions", List.of(slug), "waitSeconds", 10)).getFirst();
    assertThat(task.path("taskId").asString()).isEqualTo(good.executionId());
    MvcTestResult completion =
        answer(
            tenant,
            good.executionId(),
            "complete",
            Map.of("leaseToken", task.path("leaseToken").asString(), "output", "not an object"));
    assertThat(completion)
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.errorCode")
        .isEqualTo("OUTPUT_INVALID");
    assertThat(driver.failure(driver.result(good)).error().code()).isEqualTo("OUTPUT_INVALID");
  }

  @Test
  void aPollWithoutFunctionsIsRefusedWithTheFieldNamed() {
    MvcTestResult result = post("workers-bad", "/api/v1/workers/tasks/poll", Map.of("maxTasks", 0));

    assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.VALIDATION.toString());
    assertThat(body(result).path("errors").toString()).contains("functions").contains("maxTasks");
  }

  @Test
  void finishedTasksOlderThanTheRetentionArePurgedAndNothingElse() {
    String tenant = "purge-" + UUID.randomUUID();
    insertTask(tenant, "old-succeeded", "SUCCEEDED", "8 days");
    insertTask(tenant, "old-failed", "FAILED", "8 days");
    insertTask(tenant, "old-expired", "EXPIRED", "8 days");
    insertTask(tenant, "recent-succeeded", "SUCCEEDED", "1 hour");
    insertTask(tenant, "old-queued", "QUEUED", null);
    insertTask(tenant, "old-leased", "LEASED", null);

    assertThat(purge.purge()).isGreaterThanOrEqualTo(3);

    assertThat(
            jdbc.sql("SELECT task_id FROM worker_tasks WHERE tenant = ? ORDER BY task_id")
                .param(tenant)
                .query(String.class)
                .list())
        .containsExactly("old-leased", "old-queued", "recent-succeeded");
  }

  /** A task created 8 days ago, finished the given time ago (null: not finished). */
  private void insertTask(String tenant, String taskId, String status, String finishedAgo) {
    jdbc.sql(
            """
            INSERT INTO worker_tasks (tenant, task_id, function, run_id, attempt, reply_key,
                                      status, created_at, finished_at)
            VALUES (?, ?, 'acme/purge', 'run-purge', 1, 'run-purge', ?, now() - interval '8 days',
                    CASE WHEN ?::text IS NULL THEN NULL ELSE now() - ?::interval END)
            """)
        .param(tenant)
        .param(taskId)
        .param(status)
        .param(finishedAgo)
        .param(finishedAgo)
        .update();
  }

  @Test
  void theWorkerApiIsInTheServicesOpenApiDocument() {
    MvcTestResult document = mvc.get().uri("/v3/api-docs").exchange();

    assertThat(document).hasStatusOk();
    JsonNode paths = body(document).path("paths");
    assertThat(paths.has("/api/v1/workers/tasks/poll")).isTrue();
    for (String answer : List.of("complete", "fail", "heartbeat")) {
      assertThat(paths.has("/api/v1/workers/tasks/{taskId}/" + answer)).as(answer).isTrue();
    }
  }

  private String register(String tenant, String slug, Map<String, Object> outputAndInputSchema) {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("slug", slug);
    definition.put("name", slug);
    definition.put("executionType", "worker");
    if (outputAndInputSchema != null) {
      definition.put("inputSchema", outputAndInputSchema);
      definition.put("outputSchema", Map.of("type", "object"));
    }
    assertThat(post(tenant, "/api/v1/functions", definition)).hasStatus(201);
    return slug;
  }

  private List<JsonNode> poll(String tenant, Map<String, Object> request) {
    MvcTestResult result = post(tenant, "/api/v1/workers/tasks/poll", request);
    assertThat(result).hasStatusOk();
    List<JsonNode> tasks = new ArrayList<>();
    body(result).path("tasks").forEach(tasks::add);
    return tasks;
  }

  private MvcTestResult answer(String tenant, String taskId, String what, Object body) {
    return post(tenant, "/api/v1/workers/tasks/" + taskId + "/" + what, body);
  }

  private MvcTestResult post(String tenant, String uri, Object body) {
    return mvc.post()
        .uri(uri)
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json.writeValueAsString(body))
        .exchange();
  }

  private JsonNode body(MvcTestResult result) {
    try {
      return json.readTree(result.getResponse().getContentAsString());
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String status(String tenant, String taskId) {
    return jdbc.sql("SELECT status FROM worker_tasks WHERE tenant = ? AND task_id = ?")
        .params(tenant, taskId)
        .query(String.class)
        .single();
  }

  private void awaitQueued(String tenant, String taskId) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM worker_tasks WHERE tenant = ? AND task_id = ?")
                        .params(tenant, taskId)
                        .query(Integer.class)
                        .single()
                    == 1);
  }
}
