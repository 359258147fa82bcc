package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.function.FunctionRequested;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Pause and retry of the nodes that wait for more than one function result (manual tasks,
 * sub-workflows, for-each), a for-each's items in the history, and a run whose saved definition no
 * longer parses, over real HTTP, PostgreSQL and Kafka. The test plays the function runner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WaitingNodeOperationsIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "waitingnodes", REGISTRY);
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  private static final String REVIEW =
      """
      {"id":"review","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"task","type":"manual-task","config":{"title":"Review %s"}},
        {"id":"after","type":"action","config":{"function":"core/echo",
          "input":{"approved":"{{task.approved}}"}}}],
       "edges":[{"source":"t","target":"task"},{"source":"task","target":"after"}]}
      """;

  private static final String CHILD =
      """
      {"id":"child","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"ship","type":"action","config":{"function":"core/echo",
          "input":{"order":"{{trigger.order}}"}}}],
       "edges":[{"source":"t","target":"ship"}]}
      """;

  private static final String PARENT =
      """
      {"id":"parent","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"sub","type":"sub-workflow","config":{"workflowId":"child",
          "input":{"order":"{{trigger.order}}"}}},
        {"id":"after","type":"action","config":{"function":"core/echo","input":{"next":true}}}],
       "edges":[{"source":"t","target":"sub"},{"source":"sub","target":"after"}]}
      """;

  private static final String EACH =
      """
      {"id":"each","nodes":[
        {"id":"t","type":"trigger"},
        {"id":"each","type":"for-each","config":{"items":"trigger.orders","function":"core/echo",
          "concurrency":%d,"input":{"order":"{{item}}","i":"{{index}}"}}},
        {"id":"done","type":"end"}],
       "edges":[{"source":"t","target":"each"},{"source":"each","target":"done"}]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  private RunTables tables;
  RunApiClient api;

  @BeforeEach
  void client() {
    api = new RunApiClient(port);
    tables = new RunTables(jdbc);
  }

  // ------------------------------------------------------------------ pause

  @Test
  void aTaskCompletedWhilePausedIsRecordedAndItsSuccessorStartsOnResume() {
    String tenant = "wn-pause-task";
    save(tenant, REVIEW.formatted("{{trigger.order}}"));
    String runId = api.start(tenant, "{\"workflowId\":\"review\",\"input\":{\"order\":7}}");
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");
    pause(tenant, runId);

    HttpResponse<String> completed =
        api.send(
            "POST",
            "/api/v1/runs/" + runId + "/tasks/" + openTask(tenant, runId) + "/complete",
            "{\"data\":{\"approved\":true}}",
            tenant);
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    assertThat(tables.nodeStatus(runId, "task")).isEqualTo("COMPLETED");
    assertThat(tables.attempts(runId, "after")).isZero();
    assertThat(tables.heldOutcomes(runId)).isEqualTo(1);
    assertThat(api.status(tenant, runId)).isEqualTo("PAUSED");

    assertThat(resume(tenant, runId)).isEqualTo("RUNNING");
    FunctionRequested after = request(runId, "after", 1);
    assertThat(after.input()).isEqualTo(Map.of("approved", true));
    api.succeed(tenant, after, Map.of());
    api.awaitStatus(tenant, runId, "COMPLETED");
  }

  @Test
  void aChildRunEndingWhileItsParentIsPausedIsRecordedAndTheParentGoesOnOnResume() {
    String tenant = "wn-pause-child";
    save(tenant, CHILD);
    save(tenant, PARENT);
    String parentId = api.start(tenant, "{\"workflowId\":\"parent\",\"input\":{\"order\":3}}");
    assertThat(api.status(tenant, parentId)).isEqualTo("WAITING");
    String childId = children(tenant, parentId).getFirst();
    pause(tenant, parentId);

    api.succeed(tenant, request(childId, "ship", 1), Map.of("tracking", "T-3"));
    api.awaitStatus(tenant, childId, "COMPLETED");
    await().atMost(Duration.ofSeconds(60)).until(() -> tables.heldOutcomes(parentId) == 1);
    assertThat(tables.nodeStatus(parentId, "sub")).isEqualTo("COMPLETED");
    assertThat(tables.attempts(parentId, "after")).isZero();
    assertThat(api.status(tenant, parentId)).isEqualTo("PAUSED");

    assertThat(resume(tenant, parentId)).isEqualTo("RUNNING");
    api.succeed(tenant, request(parentId, "after", 1), Map.of());
    api.awaitStatus(tenant, parentId, "COMPLETED");
    assertThat(api.run(tenant, parentId).get("outputs").get("sub").get("runId").asString())
        .isEqualTo(childId);
  }

  @Test
  void forEachItemResultsWhilePausedAreRecordedAndTheNextItemsStartOnResume() {
    String tenant = "wn-pause-each";
    save(tenant, EACH.formatted(1));
    String runId =
        api.start(tenant, "{\"workflowId\":\"each\",\"input\":{\"orders\":[\"a\",\"b\"]}}");
    FunctionRequested first = item(runId, 0, Set.of());
    pause(tenant, runId);

    api.succeed(tenant, first, "A");
    await().atMost(Duration.ofSeconds(60)).until(() -> tables.heldOutcomes(runId) == 1);
    assertThat(items(runId)).containsExactly("0:COMPLETED");
    assertThat(tables.nodeStatus(runId, "each")).isEqualTo("RUNNING");

    assertThat(resume(tenant, runId)).isEqualTo("RUNNING");
    api.succeed(tenant, item(runId, 1, Set.of(first.executionId())), "B");
    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(api.run(tenant, runId).get("outputs").get("each"))
        .extracting(JsonNode::asString)
        .containsExactly("A", "B");
  }

  // ------------------------------------------------------------------ retry

  @Test
  void aFailedManualTaskIsRetriedWithAFreshTask() {
    String tenant = "wn-retry-task";
    save(tenant, REVIEW.formatted("{{trigger.order.id}}"));
    String runId = api.start(tenant, "{\"workflowId\":\"review\",\"input\":{\"order\":7}}");
    api.awaitStatus(tenant, runId, "FAILED");
    assertThat(api.run(tenant, runId).get("error").get("code").asString())
        .isEqualTo("TEMPLATE_UNRESOLVED");
    save(tenant, REVIEW.formatted("{{trigger.order}}"));

    HttpResponse<String> retried =
        api.send(
            "POST",
            "/api/v1/runs/" + runId + "/retry",
            "{\"definitionVersion\":\"latest\"}",
            tenant);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(api.body(retried).get("status").asString()).isEqualTo("WAITING");
    JsonNode task = tasks(tenant, runId).get(0);
    assertThat(task.get("status").asString()).isEqualTo("OPEN");
    assertThat(task.get("title").asString()).isEqualTo("Review 7");

    api.send(
        "POST",
        "/api/v1/runs/" + runId + "/tasks/" + task.get("taskId").asString() + "/complete",
        "{\"data\":{\"approved\":true}}",
        tenant);
    api.succeed(tenant, request(runId, "after", 1), Map.of());
    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(history(tenant, runId))
        .containsExactly("t#1:COMPLETED", "task#1:FAILED", "task#2:COMPLETED", "after#1:COMPLETED");
  }

  @Test
  void aFailedSubWorkflowIsRetriedWithANewChildRun() {
    String tenant = "wn-retry-child";
    save(tenant, CHILD);
    save(tenant, PARENT);
    String parentId = api.start(tenant, "{\"workflowId\":\"parent\",\"input\":{\"order\":4}}");
    String firstChild = children(tenant, parentId).getFirst();
    api.fail(tenant, request(firstChild, "ship", 1), "CARRIER_DOWN");
    api.awaitStatus(tenant, parentId, "FAILED");
    assertThat(api.run(tenant, parentId).get("error").get("code").asString())
        .isEqualTo("CHILD_RUN_FAILED");

    HttpResponse<String> retried =
        api.send("POST", "/api/v1/runs/" + parentId + "/retry", null, tenant);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(api.body(retried).get("status").asString()).isEqualTo("WAITING");
    List<String> children = children(tenant, parentId);
    assertThat(children).hasSize(2);
    String secondChild = children.get(1);
    assertThat(request(secondChild, "ship", 1).input()).isEqualTo(Map.of("order", 4));

    api.succeed(tenant, request(secondChild, "ship", 1), Map.of("tracking", "T-4"));
    api.succeed(tenant, request(parentId, "after", 1), Map.of());
    api.awaitStatus(tenant, parentId, "COMPLETED");
    assertThat(api.run(tenant, parentId).get("outputs").get("sub").get("runId").asString())
        .isEqualTo(secondChild);
    assertThat(api.status(tenant, firstChild)).isEqualTo("FAILED");
  }

  @Test
  void aFailedForEachIsRetriedCallingOnlyTheItemsThatDidNotCompleteAndItsItemsAreInTheHistory() {
    String tenant = "wn-retry-each";
    save(tenant, EACH.formatted(2));
    String runId =
        api.start(tenant, "{\"workflowId\":\"each\",\"input\":{\"orders\":[\"a\",\"b\",\"c\"]}}");
    FunctionRequested zero = item(runId, 0, Set.of());
    FunctionRequested one = item(runId, 1, Set.of());
    api.succeed(tenant, zero, "A");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> items(runId).containsAll(List.of("0:COMPLETED", "2:RUNNING")));
    FunctionRequested two = item(runId, 2, Set.of());
    api.fail(tenant, one, "HTTP_500");
    api.awaitStatus(tenant, runId, "FAILED");

    HttpResponse<String> retried =
        api.send("POST", "/api/v1/runs/" + runId + "/retry", null, tenant);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    Set<String> before = Set.of(zero.executionId(), one.executionId(), two.executionId());
    FunctionRequested oneAgain = item(runId, 1, before);
    FunctionRequested twoAgain = item(runId, 2, before);
    api.succeed(tenant, twoAgain, "C");
    api.succeed(tenant, oneAgain, "B");
    api.awaitStatus(tenant, runId, "COMPLETED");
    assertThat(api.run(tenant, runId).get("outputs").get("each"))
        .extracting(JsonNode::asString)
        .containsExactly("A", "B", "C");
    // item 0 was called once: its output was carried over to the second attempt
    assertThat(
            api.awaitRequests(r -> r.runId().equals(runId), 5).stream()
                .filter(r -> ((Map<?, ?>) r.input()).get("i").equals(0))
                .count())
        .isEqualTo(1);

    JsonNode history =
        api.body(api.send("GET", "/api/v1/runs/" + runId + "/history", null, tenant));
    assertThat(history(tenant, runId))
        .containsExactly(
            "t#1:COMPLETED",
            "each#1:FAILED",
            "each#1[0]:COMPLETED",
            "each#1[1]:FAILED",
            "each#1[2]:CANCELLED",
            "each#2:COMPLETED",
            "each#2[1]:COMPLETED",
            "each#2[2]:COMPLETED",
            "done#1:COMPLETED");
    JsonNode failedItem = history.get(3);
    assertThat(failedItem.get("input").get("order").asString()).isEqualTo("b");
    assertThat(failedItem.get("error").get("code").asString()).isEqualTo("HTTP_500");
    assertThat(failedItem.get("nodeExecutionId").asString())
        .isEqualTo(history.get(1).get("executionId").asString());
    assertThat(failedItem.get("finishedAt").isNull()).isFalse();
    assertThat(history.get(6).get("output").asString()).isEqualTo("B");
    assertThat(history.get(5).get("input").get("carriedOver").get("0").asString()).isEqualTo("A");
    assertThat(history.get(5).get("itemIndex").isNull()).isTrue();
  }

  // ------------------------------------------------------------------ unreadable definitions

  @Test
  void aResultForARunWhoseSavedDefinitionNoLongerParsesFailsThatRunAndNotTheBatch() {
    String tenant = "wn-unreadable";
    String chain =
        """
        {"id":"legacy","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"first","type":"action","config":{"function":"core/echo","input":{"step":1}}}],
         "edges":[{"source":"t","target":"first"}]}
        """;
    save(tenant, chain);
    String broken = api.start(tenant, "{\"workflowId\":\"legacy\"}");
    String healthy = api.start(tenant, "{\"workflowId\":\"legacy\"}");
    FunctionRequested brokenRequest = request(broken, "first", 1);
    FunctionRequested healthyRequest = request(healthy, "first", 1);
    // A version saved under older rules: its template names a node that does not exist, which
    // saving refuses today. The run is moved onto it, as if it had started there.
    jdbc.sql(
            "INSERT INTO workflow_definitions (tenant, workflow_id, version, name, document)"
                + " VALUES (:tenant, 'legacy', 2, 'legacy', :document::jsonb)")
        .param("tenant", tenant)
        .param("document", chain.replace("{\"step\":1}", "{\"step\":\"{{ghost.output.x}}\"}"))
        .update();
    jdbc.sql("UPDATE runs SET workflow_version = 2 WHERE id = :id").param("id", broken).update();

    api.succeed(tenant, brokenRequest, Map.of("done", true));
    api.succeed(tenant, healthyRequest, Map.of("done", true));

    api.awaitStatus(tenant, broken, "FAILED");
    api.awaitStatus(tenant, healthy, "COMPLETED");
    JsonNode error = api.run(tenant, broken).get("error");
    assertThat(error.get("code").asString()).isEqualTo("DEFINITION_UNREADABLE");
    assertThat(error.get("nodeId").asString()).isEqualTo("first");
    assertThat(error.get("message").asString())
        .contains("version 2 of workflow 'legacy' can no longer be read")
        .contains("ghost");
    assertThat(tables.nodeStatus(broken, "first")).isEqualTo("FAILED");
    // the API says why too, as a problem, instead of a 500
    HttpResponse<String> retry =
        api.send("POST", "/api/v1/runs/" + broken + "/retry", null, tenant);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
    assertThat(api.body(retry).get("detail").asString())
        .contains("version 2 of workflow 'legacy' can no longer be read");
  }

  @Test
  void anEventForARunWhoseSavedDefinitionNoLongerParsesIsAConflictThatSaysWhy() {
    String tenant = "wn-unreadable-event";
    String gated =
        """
        {"id":"gated","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"gate","type":"approval-gate","config":{"eventName":"approved"}},
          {"id":"ship","type":"action","config":{"function":"core/echo","input":{"ship":1}}}],
         "edges":[{"source":"t","target":"gate"},{"source":"gate","target":"ship"}]}
        """;
    save(tenant, gated);
    String runId = api.start(tenant, "{\"workflowId\":\"gated\"}");
    jdbc.sql(
            "INSERT INTO workflow_definitions (tenant, workflow_id, version, name, document)"
                + " VALUES (:tenant, 'gated', 2, 'gated', :document::jsonb)")
        .param("tenant", tenant)
        .param("document", gated.replace("{\"ship\":1}", "{\"ship\":\"{{ghost.output.x}}\"}"))
        .update();
    jdbc.sql("UPDATE runs SET workflow_version = 2 WHERE id = :id").param("id", runId).update();

    HttpResponse<String> event =
        api.send(
            "POST", "/api/v1/runs/" + runId + "/events", "{\"eventName\":\"approved\"}", tenant);
    assertThat(event.statusCode()).as(event.body()).isEqualTo(409);
    assertThat(api.body(event).get("detail").asString())
        .contains("version 2 of workflow 'gated' can no longer be read")
        .contains("ghost");
    // nothing was half-written: the gate still waits
    assertThat(tables.nodeStatus(runId, "gate")).isEqualTo("RUNNING");
    assertThat(api.status(tenant, runId)).isEqualTo("WAITING");
  }

  @Test
  void aChildWorkflowWhoseSavedDefinitionNoLongerParsesFailsTheSubWorkflowNodeAndNotTheBatch() {
    String tenant = "wn-unreadable-child";
    save(tenant, CHILD);
    // version 2 of the child, saved under older rules: its template names a node that does not
    // exist, which saving refuses today
    jdbc.sql(
            "INSERT INTO workflow_definitions (tenant, workflow_id, version, name, document)"
                + " VALUES (:tenant, 'child', 2, 'child', :document::jsonb)")
        .param("tenant", tenant)
        .param("document", CHILD.replace("{{trigger.order}}", "{{ghost.output.x}}"))
        .update();
    save(
        tenant,
        PARENT.replace("\"workflowId\":\"child\"", "\"workflowId\":\"child\",\"version\":2"));

    String broken = api.start(tenant, "{\"workflowId\":\"parent\",\"input\":{\"order\":7}}");
    String healthy =
        api.start(tenant, "{\"workflowId\":\"child\",\"version\":1,\"input\":{\"order\":8}}");

    api.awaitStatus(tenant, broken, "FAILED");
    JsonNode error = api.run(tenant, broken).get("error");
    assertThat(error.get("code").asString()).isEqualTo("CHILD_RUN_FAILED");
    assertThat(error.get("nodeId").asString()).isEqualTo("sub");
    assertThat(error.get("message").asString())
        .contains("DEFINITION_UNREADABLE")
        .contains("version 2 of workflow 'child' can no longer be read");
    String child = children(tenant, broken).getFirst();
    assertThat(api.status(tenant, child)).isEqualTo("FAILED");
    // the transaction that failed the child did not hold up other runs
    api.succeed(tenant, request(healthy, "ship", 1), Map.of("shipped", true));
    api.awaitStatus(tenant, healthy, "COMPLETED");
  }

  // ------------------------------------------------------------------ helpers

  private void save(String tenant, String definition) {
    HttpResponse<String> saved =
        api.send("POST", "/api/v1/workflow-definitions", definition, tenant);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
  }

  private void pause(String tenant, String runId) {
    HttpResponse<String> paused =
        api.send("POST", "/api/v1/runs/" + runId + "/pause", null, tenant);
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
  }

  private String resume(String tenant, String runId) {
    HttpResponse<String> resumed =
        api.send("POST", "/api/v1/runs/" + runId + "/resume", null, tenant);
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    assertThat(tables.heldOutcomes(runId)).isZero();
    return api.body(resumed).get("status").asString();
  }

  private JsonNode tasks(String tenant, String runId) {
    return api.body(api.send("GET", "/api/v1/runs/" + runId + "/tasks", null, tenant));
  }

  private String openTask(String tenant, String runId) {
    JsonNode tasks = tasks(tenant, runId);
    assertThat(tasks).hasSize(1);
    return tasks.get(0).get("taskId").asString();
  }

  private List<String> children(String tenant, String parentRunId) {
    return jdbc.sql(
            "SELECT child_run_id FROM sub_runs WHERE tenant = :tenant AND parent_run_id = :id"
                + " ORDER BY child_run_id")
        .param("tenant", tenant)
        .param("id", parentRunId)
        .query(String.class)
        .list();
  }

  private FunctionRequested request(String runId, String nodeId, int attempt) {
    return api.awaitRequests(
            r -> r.runId().equals(runId) && r.nodeId().equals(nodeId) && r.attempt() == attempt, 1)
        .getFirst();
  }

  /** The request for the item at {@code index} whose execution is none of {@code seen}. */
  private FunctionRequested item(String runId, int index, Set<String> seen) {
    return api.awaitRequests(
            r ->
                r.runId().equals(runId)
                    && ((Map<?, ?>) r.input()).get("i").equals(index)
                    && !seen.contains(r.executionId()),
            1)
        .getFirst();
  }

  /** The run's for-each items as {@code index:status}, by index. */
  private List<String> items(String runId) {
    return jdbc.sql(
            "SELECT item_index || ':' || status FROM for_each_items WHERE run_id = :run"
                + " ORDER BY item_index")
        .param("run", runId)
        .query(String.class)
        .list();
  }

  /** The history as {@code node#attempt:status}, items as {@code node#attempt[index]:status}. */
  private List<String> history(String tenant, String runId) {
    List<String> rows = new ArrayList<>();
    api.body(api.send("GET", "/api/v1/runs/" + runId + "/history", null, tenant))
        .forEach(
            row ->
                rows.add(
                    row.get("nodeId").asString()
                        + "#"
                        + row.get("attempt").asInt()
                        + (row.get("itemIndex").isNull()
                            ? ""
                            : "[" + row.get("itemIndex").asInt() + "]")
                        + ":"
                        + row.get("status").asString()));
    return rows;
  }
}
