package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.orchestrator.run.RunApiClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * Listing, reading and deleting workflow definitions over real HTTP, PostgreSQL and Kafka: what a
 * user managing their workflows sees.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefinitionApiIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();
  private static final String DEFINITIONS = "/api/v1/workflow-definitions";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "definitionapi", REGISTRY);
    registry.add("flowmesh.quotas.tenants.tenant-quota.workflows", () -> "2");
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  /** A document of the builder's format, with what the engine ignores. */
  static final String SEEDED =
      """
      {"id":"seeded","name":"Seeded order flow","version":"1.4.2",
       "metadata":{"description":"Charges and ships an order","author":"ana",
                   "tags":["billing","Nightly"]},
       "nodes":[
         {"id":"trigger","type":"trigger","label":"Start","enabled":true,
          "position":{"x":10,"y":20.5},"config":{}},
         {"id":"echo","type":"action","label":"Echo","description":"says it back","enabled":true,
          "position":{"x":240,"y":20.5},"config":{"actionId":"core/echo","input":{"m":"hi"}}},
         {"id":"end","type":"end","label":"End","enabled":true,"position":{"x":480,"y":20.5},
          "config":{}}],
       "edges":[{"id":"e1","source":"trigger","target":"echo"},
                {"id":"e2","source":"echo","target":"end"}],
       "executionOrder":["trigger","echo","end"]}
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  RunApiClient api;

  @BeforeEach
  void client() {
    api = new RunApiClient(port);
  }

  @AfterEach
  void closeClient() {
    api.close();
  }

  @Test
  void theListShowsTheLatestVersionOfEachWorkflowPageByPageAndFiltersByNameAndTag() {
    String tenant = "tenant-catalog";
    save(tenant, workflow("alpha", "Alpha", "{\"tags\":[\"billing\"]}", null));
    save(tenant, workflow("beta", "Beta", "{\"description\":\"first\"}", null));
    save(tenant, workflow("beta", "Beta Payments", "{\"description\":\"second\"}", null));
    save(tenant, workflow("delta", "Delta", null, "top-level words"));
    save(tenant, workflow("epsilon", "Epsilon", "{\"tags\":[\"Billing\",\"ops\"]}", null));
    save(tenant, SEEDED);
    assertThat(send("POST", DEFINITIONS + "/delta/disable", tenant).statusCode()).isEqualTo(204);

    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String query = "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = ok(send("GET", DEFINITIONS + query, tenant));
      page.get("items").forEach(items::add);
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(items)
        .extracting(item -> item.get("id").asString())
        .containsExactly("alpha", "beta", "delta", "epsilon", "seeded");
    JsonNode beta = items.get(1);
    assertThat(beta.get("name").asString()).isEqualTo("Beta Payments");
    assertThat(beta.get("latestVersion").asInt()).isEqualTo(2);
    assertThat(beta.get("description").asString()).isEqualTo("second");
    assertThat(beta.get("enabled").asBoolean()).isTrue();
    JsonNode betaVersions = ok(send("GET", DEFINITIONS + "/beta/versions", tenant));
    assertThat(beta.get("createdAt")).isEqualTo(betaVersions.get(1).get("createdAt"));
    assertThat(beta.get("updatedAt")).isEqualTo(betaVersions.get(0).get("createdAt"));
    assertThat(items.get(2).get("description").asString()).isEqualTo("top-level words");
    assertThat(items.get(2).get("enabled").asBoolean()).isFalse();
    JsonNode seeded = items.get(4);
    assertThat(seeded.get("description").asString()).isEqualTo("Charges and ships an order");
    assertThat(seeded.get("tags"))
        .extracting(JsonNode::asString)
        .containsExactly("billing", "Nightly");
    assertThat(seeded.get("createdAt")).isEqualTo(seeded.get("updatedAt"));

    assertThat(ids(send("GET", DEFINITIONS + "?name=PAY", tenant))).containsExactly("beta");
    assertThat(ids(send("GET", DEFINITIONS + "?name=lph", tenant))).containsExactly("alpha");
    assertThat(ids(send("GET", DEFINITIONS + "?name=order%20flow", tenant)))
        .containsExactly("seeded");
    assertThat(ids(send("GET", DEFINITIONS + "?tag=billing", tenant)))
        .containsExactly("alpha", "epsilon", "seeded");
    assertThat(ids(send("GET", DEFINITIONS + "?tag=billing&name=eps", tenant)))
        .containsExactly("epsilon");
    assertThat(ids(send("GET", DEFINITIONS + "?tag=nightly&limit=1", tenant)))
        .containsExactly("seeded");
    assertThat(ids(send("GET", DEFINITIONS + "?name=%25", tenant))).isEmpty();

    HttpResponse<String> badCursor = send("GET", DEFINITIONS + "?cursor=bm9wZQ", tenant);
    assertThat(badCursor.statusCode()).isEqualTo(400);
    assertThat(api.body(badCursor).get("errors").get(0).get("field").asString())
        .isEqualTo("cursor");
  }

  @Test
  void anotherTenantSeesNoneOfTheWorkflowsAndCannotReadOrDeleteThem() {
    save("tenant-owner", workflow("private", "Private", "{\"tags\":[\"secret\"]}", null));

    JsonNode page = ok(send("GET", DEFINITIONS + "?tag=secret", "tenant-stranger"));
    assertThat(page.get("items")).isEmpty();
    assertThat(page.get("nextCursor").isNull()).isTrue();
    assertNotFound(send("GET", DEFINITIONS + "/private/versions/1", "tenant-stranger"));
    assertNotFound(send("DELETE", DEFINITIONS + "/private", "tenant-stranger"));
    assertThat(ids(send("GET", DEFINITIONS, "tenant-owner"))).containsExactly("private");
  }

  @Test
  void aVersionComesBackWithTheDocumentAsItWasSaved() {
    String tenant = "tenant-document";
    save(tenant, SEEDED);
    save(tenant, SEEDED.replace("1.4.2", "1.5.0"));

    JsonNode first = ok(send("GET", DEFINITIONS + "/seeded/versions/1", tenant));
    assertThat(first.get("id").asString()).isEqualTo("seeded");
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("name").asString()).isEqualTo("Seeded order flow");
    assertThat(first.get("document")).isEqualTo(api.json().readTree(SEEDED));
    assertThat(first.at("/document/version").asString()).isEqualTo("1.4.2");
    assertThat(first.at("/document/nodes/1/position/y").asDouble()).isEqualTo(20.5);
    assertThat(first.at("/document/metadata/author").asString()).isEqualTo("ana");

    JsonNode latest = ok(send("GET", DEFINITIONS + "/seeded", tenant));
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.get("name").asString()).isEqualTo("Seeded order flow");
    assertThat(latest.get("createdAt").isNull()).isFalse();
    assertThat(latest.at("/document/version").asString()).isEqualTo("1.5.0");

    assertNotFound(send("GET", DEFINITIONS + "/seeded/versions/3", tenant));
  }

  @Test
  void aDocumentIsCheckedWithoutBeingSavedAndItsProblemsNameTheirFields() {
    String tenant = "tenant-validation";
    HttpResponse<String> valid = send("POST", DEFINITIONS + "/validation", SEEDED, tenant);
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(204);
    assertNotFound(send("GET", DEFINITIONS + "/seeded", tenant));

    HttpResponse<String> invalid =
        send(
            "POST",
            DEFINITIONS + "/validation",
            SEEDED.replace("\"m\":\"hi\"", "\"m\":\"{{Strat.data.x}}\""),
            tenant);
    assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
    JsonNode problem = api.body(invalid);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://flowmesh.io/problems/validation-error");
    assertThat(problem.at("/errors/0/field").asString()).startsWith("nodes[1].config");
    assertThat(problem.at("/errors/0/message").asString()).contains("Strat");
    assertNotFound(send("GET", DEFINITIONS + "/seeded", tenant));
  }

  @Test
  void aTenantAtItsQuotaOfWorkflowsSavesNewVersionsButNoNewWorkflow() {
    String tenant = "tenant-quota";
    save(tenant, workflow("first", "First", null, null));
    save(tenant, workflow("second", "Second", null, null));
    save(tenant, workflow("second", "Second, again", null, null));

    HttpResponse<String> third =
        send("POST", DEFINITIONS, workflow("third", "Third", null, null), tenant);

    assertThat(third.statusCode()).isEqualTo(409);
    JsonNode problem = api.body(third);
    assertThat(problem.get("type").asString()).isEqualTo(ProblemTypes.QUOTA_EXCEEDED.toString());
    assertThat(problem.get("quota").asString()).isEqualTo("workflows");
    assertThat(problem.get("limit").asInt()).isEqualTo(2);
    assertThat(problem.get("detail").asString()).contains("2 workflows");
    assertNotFound(send("GET", DEFINITIONS + "/third", tenant));
    // other tenants have the default quota
    save("tenant-quota-other", workflow("third", "Third", null, null));
  }

  @Test
  void anUnusedWorkflowIsDeletedWithEveryVersionAndItsIdCanBeSavedAgain() {
    String tenant = "tenant-delete";
    String hello = workflow("hello", "Hello", null, null);
    assertThat(send("POST", DEFINITIONS, hello, tenant, "save-hello").statusCode()).isEqualTo(201);
    save(tenant, hello.replace("\"Hello\"", "\"Hello again\""));
    assertThat(send("POST", DEFINITIONS + "/hello/disable", tenant).statusCode()).isEqualTo(204);

    assertThat(send("DELETE", DEFINITIONS + "/hello", tenant).statusCode()).isEqualTo(204);

    assertNotFound(send("GET", DEFINITIONS + "/hello", tenant));
    assertNotFound(send("GET", DEFINITIONS + "/hello/versions", tenant));
    assertNotFound(send("GET", DEFINITIONS + "/hello/versions/1", tenant));
    assertNotFound(send("DELETE", DEFINITIONS + "/hello", tenant));
    assertThat(ids(send("GET", DEFINITIONS, tenant))).isEmpty();
    assertNotFound(
        send("POST", "/api/v1/runs", "{\"workflowId\":\"hello\",\"version\":2}", tenant));

    // Saved again, it is a new workflow (enabled, its idempotency key free) whose versions do not
    // reuse the numbers of the deleted ones.
    HttpResponse<String> again = send("POST", DEFINITIONS, hello, tenant, "save-hello");
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(api.body(again).get("version").asInt()).isEqualTo(3);
    JsonNode listed = ok(send("GET", DEFINITIONS, tenant)).get("items").get(0);
    assertThat(listed.get("latestVersion").asInt()).isEqualTo(3);
    assertThat(listed.get("enabled").asBoolean()).isTrue();
    assertThat(listed.get("createdAt")).isEqualTo(listed.get("updatedAt"));
    assertThat(api.start(tenant, "{\"workflowId\":\"hello\"}")).isNotBlank();
    assertNotFound(
        send("POST", "/api/v1/runs", "{\"workflowId\":\"hello\",\"version\":1}", tenant));
  }

  @Test
  void aWorkflowThatRunsUseIsNotDeletedUntilTheyArePurged() {
    String tenant = "tenant-used";
    save(tenant, workflow("used", "Used", null, null));
    save(tenant, workflow("used", "Used", null, "v2"));
    String finished = api.start(tenant, "{\"workflowId\":\"used\",\"version\":1}");
    String running = api.start(tenant, "{\"workflowId\":\"used\"}");
    api.send("POST", "/api/v1/runs/" + finished + "/cancel", "{}", tenant);

    HttpResponse<String> refused = send("DELETE", DEFINITIONS + "/used", tenant);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonNode problem = api.body(refused);
    assertThat(problem.get("type").asString()).isEqualTo("https://flowmesh.io/problems/conflict");
    assertThat(problem.get("instance").asString()).isEqualTo(DEFINITIONS + "/used");
    assertThat(problem.get("detail").asString())
        .contains("'used'", "2 runs use it", "1 not finished", "purging them first");
    assertThat(problem.get("runs").asLong()).isEqualTo(2);
    assertThat(problem.get("unfinishedRuns").asLong()).isEqualTo(1);
    assertThat(ok(send("GET", DEFINITIONS + "/used/versions", tenant))).hasSize(2);
    assertThat(ids(send("GET", DEFINITIONS, tenant))).containsExactly("used");
    assertThat(api.status(tenant, running)).isEqualTo("RUNNING");

    api.send("POST", "/api/v1/runs/" + running + "/cancel", "{}", tenant);
    assertThat(send("DELETE", "/api/v1/runs/" + finished, tenant).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/api/v1/runs/" + running, tenant).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", DEFINITIONS + "/used", tenant).statusCode()).isEqualTo(204);
  }

  @Test
  void aWorkflowThatAnotherStartsAsASubWorkflowIsNotDeleted() {
    String tenant = "tenant-sub";
    save(tenant, workflow("shipping", "Shipping", null, null));
    save(
        tenant,
        """
        {"id":"order","nodes":[
          {"id":"t","type":"trigger"},
          {"id":"ship","type":"sub-workflow","config":{"workflowId":"shipping"}},
          {"id":"end","type":"end"}],
         "edges":[{"source":"t","target":"ship"},{"source":"ship","target":"end"}]}
        """);

    HttpResponse<String> refused = send("DELETE", DEFINITIONS + "/shipping", tenant);

    assertThat(refused.statusCode()).isEqualTo(409);
    JsonNode problem = api.body(refused);
    assertThat(problem.get("detail").asString())
        .contains("sub-workflow nodes of workflow 'order' (version 1)", "delete that workflow");
    assertThat(problem.at("/referringWorkflows/0/workflowId").asString()).isEqualTo("order");
    assertThat(problem.get("runs").asLong()).isZero();
    assertThat(ok(send("GET", DEFINITIONS + "/shipping", tenant)).get("version").asInt())
        .isEqualTo(1);

    assertThat(send("DELETE", DEFINITIONS + "/order", tenant).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", DEFINITIONS + "/shipping", tenant).statusCode()).isEqualTo(204);
  }

  @Test
  void anUnknownWorkflowIsANotFoundProblem() {
    HttpResponse<String> response = send("DELETE", DEFINITIONS + "/nothing-here", "tenant-none");

    assertNotFound(response);
    assertThat(api.body(response).get("detail").asString()).isEqualTo("No workflow 'nothing-here'");
    assertNotFound(send("GET", DEFINITIONS + "/nothing-here/versions/1", "tenant-none"));
  }

  @Test
  void aRunStartRacingTheDeleteEitherKeepsTheWorkflowOrFindsNoWorkflow() throws Exception {
    String tenant = "tenant-race";
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 15; i++) {
        String id = "race-" + i;
        save(tenant, workflow(id, "Race", null, null));
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> start =
            CompletableFuture.supplyAsync(
                () -> {
                  await(go);
                  return send("POST", "/api/v1/runs", "{\"workflowId\":\"" + id + "\"}", tenant);
                },
                threads);
        CompletableFuture<HttpResponse<String>> delete =
            CompletableFuture.supplyAsync(
                () -> {
                  await(go);
                  return send("DELETE", DEFINITIONS + "/" + id, tenant);
                },
                threads);
        go.countDown();

        int deleted = delete.get().statusCode();
        int started = start.get().statusCode();
        assertThat(deleted).as(delete.get().body()).isIn(204, 409);
        assertThat(started).as("never a 500: %s", start.get().body()).isIn(202, 404);
        int runs =
            jdbc.sql("SELECT count(*) FROM runs WHERE tenant = :tenant AND workflow_id = :id")
                .param("tenant", tenant)
                .param("id", id)
                .query(Integer.class)
                .single();
        if (started == 202) {
          assertThat(deleted).as("a started run keeps its workflow").isEqualTo(409);
          assertThat(runs).isEqualTo(1);
        }
        if (deleted == 204) {
          assertThat(runs).isZero();
          assertNotFound(send("GET", DEFINITIONS + "/" + id, tenant));
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A one-action workflow; metadata and top-level description optional. */
  private static String workflow(String id, String name, String metadata, String description) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\""
        + (metadata == null ? "" : ",\"metadata\":" + metadata)
        + (description == null ? "" : ",\"description\":\"" + description + "\"")
        + ",\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"},"
        + "{\"id\":\"echo\",\"type\":\"action\",\"config\":{\"actionId\":\"core/echo\"}},"
        + "{\"id\":\"end\",\"type\":\"end\"}],"
        + "\"edges\":[{\"source\":\"t\",\"target\":\"echo\"},{\"source\":\"echo\",\"target\":\"end\"}]}";
  }

  private void save(String tenant, String definition) {
    HttpResponse<String> saved = send("POST", DEFINITIONS, definition, tenant, null);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
  }

  private HttpResponse<String> send(String method, String path, String tenant) {
    return api.send(method, path, null, tenant);
  }

  private HttpResponse<String> send(String method, String path, String body, String tenant) {
    return api.send(method, path, body, tenant);
  }

  private HttpResponse<String> send(
      String method, String path, String body, String tenant, String idempotencyKey) {
    return api.send(method, path, body, tenant, idempotencyKey);
  }

  private JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return api.body(response);
  }

  private List<String> ids(HttpResponse<String> response) {
    List<String> ids = new ArrayList<>();
    ok(response).get("items").forEach(item -> ids.add(item.get("id").asString()));
    return ids;
  }

  private void assertNotFound(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(api.body(response).get("type").asString())
        .isEqualTo("https://flowmesh.io/problems/not-found");
  }
}
