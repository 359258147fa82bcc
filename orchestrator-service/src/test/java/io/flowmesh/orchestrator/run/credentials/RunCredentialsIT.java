package io.flowmesh.orchestrator.run.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.orchestrator.run.RunApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * A run's own credentials from the orchestrator's side, over real HTTP, PostgreSQL and Kafka: they
 * are stored under the run's id before the run exists, taken back when the start creates no run
 * under that id, deleted before a purge deletes the run, and a start or purge that cannot reach
 * integration-service fails with 503 leaving everything as it was. A loopback server plays
 * integration-service's internal API (its own behaviour is integration-service's RunCredentialsIT;
 * the whole path is PlatformE2EIT's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunCredentialsIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();
  private static final IntegrationServiceSide INTEGRATIONS = new IntegrationServiceSide();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    RunApiClient.registerProperties(registry, "runcredentials", REGISTRY);
    registry.add("flowmesh.orchestrator.run-credentials.integrations-url", INTEGRATIONS::url);
  }

  @AfterAll
  static void stopServers() {
    REGISTRY.stop(0);
    INTEGRATIONS.server.stop(0);
  }

  private static final String DEFINITION =
      """
      {"id": "rc-flow", "name": "Run credentials", "nodes": [
        {"id": "trigger", "type": "trigger", "config": {}},
        {"id": "call", "type": "action", "config": {"actionId": "core/echo", "input": {"m": 1}}}],
       "edges": [{"id": "e1", "source": "trigger", "target": "call"}]}""";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  private RunApiClient api;

  @BeforeEach
  void setUp() {
    api = new RunApiClient(port);
    INTEGRATIONS.jdbc = jdbc;
    INTEGRATIONS.calls.clear();
    INTEGRATIONS.status = 0;
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void theCredentialsAreStoredUnderTheRunsIdBeforeTheRunExistsAndNowhereInTheOrchestrator() {
    String secret = "sk-ORCH-" + UUID.randomUUID();

    HttpResponse<String> started = start("rc-a", secret, null);

    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = api.body(started).get("instanceId").asString();
    Call stored = INTEGRATIONS.only("PUT");
    assertThat(stored.path()).isEqualTo("/internal/v1/runs/" + runId + "/credentials");
    assertThat(stored.tenant()).isEqualTo("rc-a");
    assertThat(stored.token()).isEqualTo(RunApiClient.TOKEN);
    assertThat(stored.body())
        .isEqualTo(
            api.json()
                .readTree("{\"integrations\": {\"openai\": {\"apiKey\": \"" + secret + "\"}}}"));
    assertThat(stored.runsWithThatIdWhenCalled()).isZero();
    assertThat(api.awaitRequests(r -> r.runId().equals(runId), 1)).hasSize(1);

    assertThat(started.body()).doesNotContain(secret);
    assertThat(api.send("GET", "/api/v2/workflows/" + runId + "/status", null, "rc-a").body())
        .doesNotContain(secret);
    assertThat(api.send("GET", "/api/v1/runs/" + runId + "/history", null, "rc-a").body())
        .doesNotContain(secret);
    for (String table :
        List.of("runs", "node_executions", "workflow_definitions", "run_credential_sets")) {
      assertThat(
              jdbc.sql("SELECT count(*) FROM " + table + " t WHERE t::text LIKE :secret")
                  .param("secret", "%" + secret + "%")
                  .query(Integer.class)
                  .single())
          .as("rows of %s holding the secret", table)
          .isZero();
    }
    assertThat(sets("rc-a", runId)).isEqualTo(1);
  }

  @Test
  void aStartThatCreatesNoRunUnderTheStoredIdDeletesWhatItStored() {
    String key = "key-" + UUID.randomUUID();
    String first = api.body(start("rc-b", "sk-ORCH-b1", key)).get("instanceId").asString();
    String firstStore = INTEGRATIONS.only("PUT").path();

    HttpResponse<String> repeated = start("rc-b", "sk-ORCH-b2", key);
    HttpResponse<String> conflicting =
        api.send("POST", "/api/v2/workflows", body("sk-ORCH-b3", "{\"other\": true}"), "rc-b", key);

    // the repeat answers with the first run, which keeps its own credentials
    assertThat(api.body(repeated).get("instanceId").asString()).isEqualTo(first);
    assertThat(conflicting.statusCode()).as(conflicting.body()).isEqualTo(409);
    List<String> stored = INTEGRATIONS.paths("PUT");
    assertThat(stored).hasSize(3).first().isEqualTo(firstStore);
    assertThat(INTEGRATIONS.paths("DELETE")).containsExactlyElementsOf(stored.subList(1, 3));
    assertThat(sets("rc-b", null)).isEqualTo(1);
    assertThat(runs("rc-b")).isEqualTo(1);
  }

  @Test
  void integrationServiceUnreachableOrFailingFailsTheStartWith503AndStartsNothing() {
    INTEGRATIONS.status = 503;

    HttpResponse<String> failing = start("rc-c", "sk-ORCH-c", null);

    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(api.body(failing).get("type").asString())
        .isEqualTo(ProblemTypes.UNAVAILABLE.toString());
    assertThat(failing.body()).doesNotContain("sk-ORCH-c");
    assertThat(runs("rc-c")).isZero();
    assertThat(sets("rc-c", null)).isZero();
    // a store that timed out may have been written after all: it is taken back
    String stored = INTEGRATIONS.only("PUT").path();
    assertThat(INTEGRATIONS.paths("DELETE")).containsExactly(stored);
  }

  @Test
  void credentialsIntegrationServiceRefusesAre400NamingTheirFields() {
    INTEGRATIONS.status = 400;

    HttpResponse<String> refused = start("rc-d", "sk-ORCH-d", null);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(api.body(refused).get("errors").get(0).get("field").asString())
        .isEqualTo("integrations.openai.token");
    assertThat(runs("rc-d")).isZero();
  }

  @Test
  void aPurgeDeletesTheRunsCredentialsFirstAndLeavesTheRunWhenItCannot() {
    String runId = api.body(start("rc-e", "sk-ORCH-e", null)).get("instanceId").asString();
    terminate("rc-e", runId);
    INTEGRATIONS.status = 503;

    HttpResponse<String> failed = api.send("DELETE", "/api/v2/workflows/" + runId, null, "rc-e");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(api.send("GET", "/api/v1/runs/" + runId, null, "rc-e").statusCode()).isEqualTo(200);
    assertThat(sets("rc-e", runId)).isEqualTo(1);

    INTEGRATIONS.status = 0;
    HttpResponse<String> purged = api.send("DELETE", "/api/v2/workflows/" + runId, null, "rc-e");

    assertThat(purged.statusCode()).isEqualTo(204);
    assertThat(INTEGRATIONS.paths("DELETE"))
        .containsExactly(
            "/internal/v1/runs/" + runId + "/credentials",
            "/internal/v1/runs/" + runId + "/credentials");
    assertThat(api.send("GET", "/api/v1/runs/" + runId, null, "rc-e").statusCode()).isEqualTo(404);
    assertThat(sets("rc-e", runId)).isZero();
  }

  @Test
  void aBulkPurgeDeletesTheSetsOfItsRunsInOneCallAndRunsWithoutNeedNone() {
    String a = api.body(start("rc-f", "sk-ORCH-f1", null)).get("instanceId").asString();
    String b = api.body(start("rc-f", "sk-ORCH-f2", null)).get("instanceId").asString();
    HttpResponse<String> plain =
        api.send(
            "POST",
            "/api/v2/workflows",
            "{\"definition\": " + DEFINITION + ", \"triggerData\": {}}",
            "rc-f");
    String withoutCredentials = api.body(plain).get("instanceId").asString();
    for (String runId : List.of(a, b, withoutCredentials)) {
      terminate("rc-f", runId);
    }
    INTEGRATIONS.calls.clear();

    HttpResponse<String> purged =
        api.send(
            "POST",
            "/api/v1/runs/purge",
            "{\"finishedBefore\": \"" + Instant.now().plusSeconds(1) + "\"}",
            "rc-f");

    assertThat(api.body(purged).get("affected").asInt()).isEqualTo(3);
    Call deletion = INTEGRATIONS.only("POST");
    assertThat(deletion.path()).isEqualTo("/internal/v1/run-credentials/deletions");
    assertThat(deletion.body().get("runIds").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder(a, b);
    assertThat(runs("rc-f")).isZero();

    // a run without credentials is purged without integration-service
    INTEGRATIONS.status = 503;
    String alone =
        api.body(
                api.send(
                    "POST",
                    "/api/v2/workflows",
                    "{\"definition\": " + DEFINITION + ", \"triggerData\": {}}",
                    "rc-f"))
            .get("instanceId")
            .asString();
    terminate("rc-f", alone);
    assertThat(api.send("DELETE", "/api/v2/workflows/" + alone, null, "rc-f").statusCode())
        .isEqualTo(204);
  }

  private HttpResponse<String> start(String tenant, String secret, String idempotencyKey) {
    return api.send("POST", "/api/v2/workflows", body(secret, "{}"), tenant, idempotencyKey);
  }

  private static String body(String secret, String triggerData) {
    return "{\"definition\": "
        + DEFINITION
        + ", \"triggerData\": "
        + triggerData
        + ", \"integrations\": {\"openai\": {\"apiKey\": \""
        + secret
        + "\"}}}";
  }

  private void terminate(String tenant, String runId) {
    HttpResponse<String> terminated =
        api.send("POST", "/api/v2/workflows/" + runId + "/terminate", null, tenant);
    assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
  }

  private int runs(String tenant) {
    return jdbc.sql("SELECT count(*) FROM runs WHERE tenant = ?")
        .param(tenant)
        .query(Integer.class)
        .single();
  }

  private int sets(String tenant, String runId) {
    return jdbc.sql(
            "SELECT count(*) FROM run_credential_sets WHERE tenant = ?"
                + (runId == null ? "" : " AND run_id = '" + runId + "'"))
        .param(tenant)
        .query(Integer.class)
        .single();
  }

  /**
   * One call the orchestrator made.
   *
   * @param runsWithThatIdWhenCalled how many runs had the id in the path when the call arrived
   */
  record Call(
      String method,
      String path,
      String tenant,
      String token,
      JsonNode body,
      int runsWithThatIdWhenCalled) {}

  /**
   * integration-service's internal run-credentials API on a loopback port: records every call and
   * answers as integration-service does, or with {@link #status} when that is set.
   */
  static final class IntegrationServiceSide {

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final HttpServer server;
    volatile int status;
    private final tools.jackson.databind.json.JsonMapper json =
        tools.jackson.databind.json.JsonMapper.builder().build();
    private volatile JdbcClient jdbc;

    IntegrationServiceSide() {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/internal/",
          exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            calls.add(
                new Call(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst(InternalHeaders.TENANT),
                    exchange.getRequestHeaders().getFirst(InternalHeaders.GATEWAY_TOKEN),
                    request.length == 0 ? null : json.readTree(request),
                    runsWithId(path)));
            int answer = status;
            byte[] body = new byte[0];
            if (answer == 400) {
              body =
                  ("{\"type\": \""
                          + ProblemTypes.VALIDATION
                          + "\", \"status\": 400, \"errors\": ["
                          + "{\"field\": \"integrations.openai.token\","
                          + " \"message\": \"must be a non-empty string on one line\"}]}")
                      .getBytes(StandardCharsets.UTF_8);
            } else if (answer == 0 && path.endsWith("/deletions")) {
              answer = 200;
              body = "{\"deleted\": 1}".getBytes(StandardCharsets.UTF_8);
            } else if (answer == 0) {
              answer = 204;
            }
            exchange.sendResponseHeaders(answer, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              exchange.getResponseBody().write(body);
            }
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Call only(String method) {
      List<Call> matching = calls.stream().filter(c -> c.method().equals(method)).toList();
      assertThat(matching).as("%s calls", method).hasSize(1);
      return matching.getFirst();
    }

    List<String> paths(String method) {
      return calls.stream().filter(c -> c.method().equals(method)).map(Call::path).toList();
    }

    private int runsWithId(String path) {
      String[] parts = path.split("/");
      if (jdbc == null || parts.length < 5 || !"runs".equals(parts[3])) {
        return -1;
      }
      return jdbc.sql("SELECT count(*) FROM runs WHERE id = ?")
          .param(parts[4])
          .query(Integer.class)
          .single();
    }
  }
}
