package io.flowmesh.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What operators and the gateway rely on: probes, metrics, the OpenAPI document. */
class OperationsIT extends WebhookServiceIntegrationTest {

  @Test
  void readinessCoversTheDatabaseAndKafka() {
    JsonNode readiness = actuator("/actuator/health/readiness");

    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(readiness.get("components").propertyNames())
        .containsExactlyInAnyOrder("readinessState", "db", "kafka");
    assertThat(readiness.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    assertThat(actuator("/actuator/health/liveness").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void exposesTheWebhookMetersForPrometheus() throws Exception {
    String metrics = raw("/actuator/prometheus");

    assertThat(metrics)
        .contains("flowmesh_webhook_attempts_total{outcome=\"success\"")
        .contains("flowmesh_webhook_attempts_total{outcome=\"http_error\"")
        .contains("flowmesh_webhook_delivery_latency_seconds_bucket")
        .contains("flowmesh_webhook_deliveries_total{status=\"dead\"");
  }

  @Test
  void publishesAnOpenApiDocumentWithoutTheInternalTenant() throws Exception {
    String document = raw("/v3/api-docs");

    assertThat(document).contains("/api/v1/webhook-subscriptions/{id}");
    assertThat(json.readTree(document).get("paths").toString()).doesNotContain("\"tenant\"");
  }

  @Test
  void theOpenApiDocumentIsOneAUserOfTheGatewayCanWorkFrom() throws Exception {
    JsonNode document = json.readTree(raw("/v3/api-docs"));

    assertThat(document.at("/info/title").asString()).isEqualTo("Flowmesh webhooks API");
    assertThat(document.get("servers").findValuesAsString("url")).containsExactly("/");
    assertThat(document.at("/components/securitySchemes/apiKey/scheme").asString())
        .isEqualTo("bearer");
    assertThat(document.get("security").toString()).isEqualTo("[{\"apiKey\":[]}]");
    assertThat(document.get("tags").findValuesAsString("name"))
        .containsExactly("Webhook subscriptions", "Webhook deliveries");
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        assertThat(
                operation
                    .getValue()
                    .at("/responses/400/content/application~1problem+json/schema/$ref")
                    .asString())
            .as(operation.getKey() + " " + path.getKey())
            .isEqualTo("#/components/schemas/Problem");
      }
    }
    JsonNode examples =
        document.at(
            "/paths/~1api~1v1~1webhook-subscriptions/post/requestBody/content/application~1json"
                + "/examples");
    assertThat(examples.findValuesAsString("$ref"))
        .isNotEmpty()
        .allSatisfy(ref -> assertThat(document.at(ref.substring(1)).has("value")).isTrue());
  }

  private JsonNode actuator(String path) {
    try {
      return json.readTree(raw(path));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String raw(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }
}
