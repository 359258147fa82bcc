package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.orchestrator.run.RunApiClient;
import io.flowmesh.orchestrator.testing.OrchestratorApi;
import io.flowmesh.testinfra.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saving definitions at and beyond the limits through the HTTP API, with real PostgreSQL: a long
 * chain is saved; anything beyond a limit is a 4xx problem naming it, and nothing is saved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefinitionLimitsIT {

  private static final HttpServer REGISTRY = RunApiClient.registry();
  private static final String DEFINITIONS = "/api/v1/workflow-definitions";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestInfrastructure.registerServiceProperties(registry, "definition_limits");
    registry.add("flowmesh.edge.gateway-token", () -> RunApiClient.TOKEN);
    registry.add(
        "flowmesh.orchestrator.function-runner-url",
        () -> "http://127.0.0.1:" + REGISTRY.getAddress().getPort());
  }

  @AfterAll
  static void stopRegistry() {
    REGISTRY.stop(0);
  }

  @LocalServerPort int port;

  private final JsonMapper json = JsonMapper.builder().build();

  private OrchestratorApi api() {
    return new OrchestratorApi(port, RunApiClient.TOKEN, "limits-tenant");
  }

  @Test
  void aChainOfFiveThousandActionNodesIsSaved() {
    HttpResponse<String> saved = api().post(DEFINITIONS, chain("chain-5000", 5_000, ""));

    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    JsonNode latest = json.readTree(api().get(DEFINITIONS + "/chain-5000").body());
    assertThat(latest.get("version").asInt()).isEqualTo(1);
  }

  @Test
  void moreNodesThanTheLimitIsAValidationProblemNamingTheLimit() {
    HttpResponse<String> rejected = api().post(DEFINITIONS, chain("chain-10001", 10_001, ""));

    JsonNode problem = problem(rejected, 400, ProblemTypes.VALIDATION);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("nodes");
    assertThat(problem.get("errors").get(0).get("message").asString())
        .contains("at most 10000")
        .contains("flowmesh.orchestrator.definitions.limits.max-nodes");
    assertNothingSaved("chain-10001");
  }

  @Test
  void aDefinitionLargerThanTheLimitIsTooLargeNamingTheLimit() {
    String padding = "x".repeat(1_100_000);
    HttpResponse<String> rejected =
        api().post(DEFINITIONS, chain("padded", 1, ",\"padding\":\"" + padding + "\""));

    JsonNode problem = problem(rejected, 413, ProblemTypes.PAYLOAD_TOO_LARGE);
    assertThat(problem.get("detail").asString())
        .contains("flowmesh.orchestrator.definitions.limits.max-document-size")
        .contains("at most 1048576 bytes");
    assertNothingSaved("padded");
  }

  @Test
  void aConfigNestedDeeperThanTheLimitIsAValidationProblemNamingTheLimit() {
    String nested = "{\"x\":".repeat(40) + "1" + "}".repeat(40);
    HttpResponse<String> rejected =
        api().post(DEFINITIONS, chain("deep-config", 1, ",\"deep\":" + nested));

    JsonNode problem = problem(rejected, 400, ProblemTypes.VALIDATION);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("nodes[1].config");
    assertThat(problem.get("errors").get(0).get("message").asString())
        .contains("more than 32 levels deep")
        .contains("flowmesh.orchestrator.definitions.limits.max-config-depth");
    assertNothingSaved("deep-config");
  }

  @Test
  void aBodyNestedDeeperThanJacksonReadsIsAMalformedRequestNotAServerError() {
    String nested = "[".repeat(2_000) + "]".repeat(2_000);
    HttpResponse<String> rejected =
        api().post(DEFINITIONS, chain("deep-body", 1, ",\"deep\":" + nested));

    problem(rejected, 400, ProblemTypes.MALFORMED_REQUEST);
    assertNothingSaved("deep-body");
  }

  /**
   * A trigger and {@code actions} action nodes in a chain; {@code extraConfig} joins a0's config.
   */
  private static String chain(String id, int actions, String extraConfig) {
    StringBuilder nodes = new StringBuilder("{\"id\":\"t\",\"type\":\"trigger\"}");
    StringBuilder edges = new StringBuilder();
    String previous = "t";
    for (int i = 0; i < actions; i++) {
      nodes
          .append(",{\"id\":\"a")
          .append(i)
          .append("\",\"type\":\"action\",\"config\":{\"actionId\":\"core/echo\"")
          .append(i == 0 ? extraConfig : "")
          .append("}}");
      edges.append(i == 0 ? "" : ",");
      edges.append("{\"source\":\"").append(previous).append("\",\"target\":\"a").append(i);
      edges.append("\"}");
      previous = "a" + i;
    }
    return "{\"id\":\"" + id + "\",\"nodes\":[" + nodes + "],\"edges\":[" + edges + "]}";
  }

  private JsonNode problem(HttpResponse<String> response, int status, URI type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            contentType -> assertThat(contentType).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asString()).isEqualTo(type.toString());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  private void assertNothingSaved(String workflowId) {
    assertThat(api().get(DEFINITIONS + "/" + workflowId).statusCode()).isEqualTo(404);
  }
}
