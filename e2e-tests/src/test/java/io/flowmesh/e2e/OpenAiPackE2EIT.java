package io.flowmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.launcher.Platform;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Workflow Builder's OpenAI node (its architecture page, "Action Node (OpenAI)") on the shipped
 * openai function pack, against {@link OpenAiServer} playing OpenAI: a run's own OpenAI key reaches
 * the provider as a bearer token, and the next node reads the answer through the label template
 * {@code {{GenerateText.data.text}}}; an {@code openai} connection's health check asks the same
 * server. In a tenant of its own, since WorkflowBuilderCompatibilityE2EIT replaces
 * openai/generate-text with an HTTP function for the shared tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class OpenAiPackE2EIT {

  private static final String CONTENT = "Flowmesh keeps every run durable.";

  private final JsonMapper json = JsonMapper.builder().build();
  private GatewayClient tenant;
  private OpenAiServer openai;

  @BeforeAll
  void createTenant(Platform platform, OpenAiServer openai) throws Exception {
    this.openai = openai;
    GatewayClient admin = new GatewayClient(platform.gatewayUrl(), platform.apiKey());
    String id = "packs-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(admin.post("/api/v1/tenants", "{\"id\": \"" + id + "\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> key =
        admin.post(
            "/api/v1/tenants/" + id + "/api-keys",
            """
            {"name": "packs", "scopes": ["runs:read", "runs:write", "definitions:read",
              "definitions:write", "integrations:read", "integrations:admin"]}""");
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    tenant =
        new GatewayClient(
            platform.gatewayUrl(), json.readTree(key.body()).get("secret").asString());
  }

  @Test
  void theSeedsOpenAiNodeAsksOpenAiWithTheRunsKeyAndTheNextNodeReadsItsAnswerByLabel()
      throws Exception {
    // Started as the Workflow Builder starts runs (POST /api/v2/workflows): the definition, the
    // trigger's data and the run's own OpenAI key.
    HttpResponse<String> started =
        tenant.post(
            "/api/v2/workflows",
            """
            {"definition": {"id": "summarize", "name": "Summarize",
              "nodes": [
               {"id": "trigger", "type": "trigger", "label": "Start", "config": {}},
               {"id": "action-2", "type": "action", "label": "Generate Text", "enabled": true,
                "position": {"x": 400, "y": 100},
                "config": {"actionId": "openai/generate-text", "aiModel": "gpt-4o",
                           "aiPrompt": "Summarize: {{trigger.content}}", "aiFormat": "text"}},
               {"id": "report", "type": "action", "label": "Report",
                "config": {"actionId": "core/echo", "message": "{{GenerateText.data.text}}"}}],
              "edges": [{"id": "e1", "source": "trigger", "target": "action-2"},
                        {"id": "e2", "source": "action-2", "target": "report"}]},
             "triggerData": {"content": "%s"},
             "integrations": {"openai": {"apiKey": "sk-e2e-run"}}}"""
                .formatted(CONTENT));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String runId = json.readTree(started.body()).get("instanceId").asString();

    JsonNode done = awaitCompleted(runId);
    JsonNode outputs = done.get("outputs");
    assertThat(outputs.get("action-2").get("success").asBoolean()).isTrue();
    assertThat(outputs.get("action-2").get("data").get("text").asString())
        .isEqualTo("Summary of: Summarize: " + CONTENT);
    assertThat(outputs.get("action-2").get("data").get("model").asString())
        .isEqualTo("gpt-4o-2024-08-06");
    assertThat(outputs.get("report").get("data").get("message").asString())
        .isEqualTo("Summary of: Summarize: " + CONTENT);
    assertThat(openai.calls())
        .filteredOn(call -> call.path().equals("/v1/chat/completions"))
        .filteredOn(call -> "Bearer sk-e2e-run".equals(call.authorization()))
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.body().get("model").asString()).isEqualTo("gpt-4o");
              assertThat(call.body().get("messages").get(0).get("content").asString())
                  .isEqualTo("Summarize: " + CONTENT);
            });
  }

  @Test
  void anOpenAiConnectionIsCheckedAgainstOpenAi() throws Exception {
    HttpResponse<String> created =
        tenant.post(
            "/api/v1/connections",
            "{\"type\": \"openai\", \"name\": \"openai\", \"secrets\": {\"apiKey\":"
                + " \"sk-e2e-connection\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json.readTree(created.body()).get("id").asString();

    HttpResponse<String> check = tenant.post("/api/v1/connections/" + id + "/health-check", "");

    assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
    assertThat(json.readTree(check.body()).get("outcome").asString()).isEqualTo("HEALTHY");
    assertThat(openai.calls())
        .filteredOn(call -> call.path().equals("/v1/models"))
        .extracting(OpenAiServer.Call::authorization)
        .contains("Bearer sk-e2e-connection");
  }

  private JsonNode awaitCompleted(String runId) {
    JsonNode status =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> tenant.getJson("/api/v2/workflows/" + runId + "/status"),
                answer ->
                    List.of("COMPLETED", "FAILED", "TERMINATED")
                        .contains(answer.path("runtimeStatus").asString()));
    assertThat(status.path("runtimeStatus").asString())
        .as(status.toString())
        .isEqualTo("COMPLETED");
    return status;
  }
}
