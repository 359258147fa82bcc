package io.flowmesh.functions.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The credentials a run was started with reach the API its functions call, through Kafka, with
 * {@link IntegrationTestBase#INTEGRATIONS} playing integration-service's internal API and {@link
 * IntegrationTestBase#ENDPOINTS} the called API.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunCredentialsIT extends IntegrationTestBase {

  private static final String TENANT = "runcreds";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JsonMapper json;
  @Autowired MockMvcTester mvc;

  private ExecutionDriver driver;

  @BeforeEach
  void setUp() {
    driver = new ExecutionDriver(outbox, transactions, json);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void httpRequestNamingAnIntegrationSendsTheRunsCredentialAndNothingElseHoldsIt(
      CapturedOutput log) {
    String runId = UuidV7.prefixed("run");
    String secret = "sk-RUN-" + UuidV7.next();
    runCredential(
        runId,
        "openai",
        "{\"apiKey\": \"" + secret + "\"}",
        "{\"Authorization\": \"Bearer " + secret + "\"}");
    ENDPOINTS.stubFor(get("/v1/models").willReturn(okJson("{\"data\": []}")));
    Map<String, Object> input =
        Map.of(
            "url",
            ENDPOINTS.baseUrl() + "/v1/models",
            "integration",
            "openai",
            "headers",
            Map.of("Authorization", "Bearer from-the-input", "X-Trace", "t-1"));

    FunctionRequested first = ExecutionDriver.call(runId, "system/http-request", input);
    FunctionRequested second = ExecutionDriver.call(runId, "system/http-request", input);
    driver.send(TENANT, first);
    InboundEvent firstResult = driver.result(first);
    driver.send(TENANT, second);
    InboundEvent secondResult = driver.result(second);

    JsonNode output = json.valueToTree(driver.success(firstResult).output());
    assertThat(output.path("status").asInt()).isEqualTo(200);
    ENDPOINTS.verify(
        2,
        getRequestedFor(urlEqualTo("/v1/models"))
            .withHeader("Authorization", equalTo("Bearer " + secret))
            .withHeader("X-Trace", equalTo("t-1")));
    // cached for the run: one lookup, with the execution's tenant and the service token
    INTEGRATIONS.verify(
        1,
        getRequestedFor(urlEqualTo("/internal/v1/runs/" + runId + "/credentials/openai"))
            .withHeader(InternalHeaders.TENANT, equalTo(TENANT))
            .withHeader(InternalHeaders.GATEWAY_TOKEN, equalTo(GATEWAY_TOKEN)));
    assertThat(new String(firstResult.data())).doesNotContain(secret);
    assertThat(new String(secondResult.data())).doesNotContain(secret);
    assertThat(log.getAll()).doesNotContain(secret);
  }

  @Test
  void aNodeNamingAnIntegrationItsRunWasNotStartedWithFailsForGood() {
    FunctionFailed missing =
        driver.failure(
            TENANT,
            "system/http-request",
            Map.of("url", ENDPOINTS.baseUrl() + "/v1/models", "integration", "github"));

    assertThat(missing.error().code()).isEqualTo("RUN_CREDENTIALS_NOT_FOUND");
    assertThat(missing.error().retryable()).isFalse();
    assertThat(missing.error().message()).contains("'github'");
  }

  @Test
  void integrationServiceFailingIsARetryableFailureThatQuotesNoAnswer() {
    String runId = UuidV7.prefixed("run");
    INTEGRATIONS.stubFor(
        get("/internal/v1/runs/" + runId + "/credentials/openai")
            .willReturn(aResponse().withStatus(503).withBody("{\"secrets\": \"sk-NOPE\"}")));
    FunctionRequested request =
        ExecutionDriver.call(
            runId,
            "system/http-request",
            Map.of("url", ENDPOINTS.baseUrl() + "/v1/models", "integration", "openai"));

    driver.send(TENANT, request);
    FunctionFailed failed = driver.failure(driver.result(request));

    assertThat(failed.error().code()).isEqualTo("RUN_CREDENTIALS_UNAVAILABLE");
    assertThat(failed.error().retryable()).isTrue();
    assertThat(failed.error().message()).contains("HTTP 503").doesNotContain("sk-NOPE");
  }

  @Test
  void anHttpFunctionGetsTheCredentialsOfItsIntegrationTypeOnlyInRunsStartedWithThem() {
    registerHttpFunction("acme/summarize", "/fn/summarize", "acme-ai");
    ENDPOINTS.stubFor(post("/fn/summarize").willReturn(okJson("{\"summary\": \"short\"}")));
    String withCredentials = UuidV7.prefixed("run");
    String without = UuidV7.prefixed("run");
    runCredential(
        withCredentials,
        "acme-ai",
        "{\"headers\": {\"X-Api-Key\": \"ak-RUN-7\"}}",
        "{\"X-Api-Key\": \"ak-RUN-7\"}");

    FunctionRequested a = ExecutionDriver.call(withCredentials, "acme/summarize", Map.of());
    FunctionRequested b = ExecutionDriver.call(without, "acme/summarize", Map.of());
    driver.send(TENANT, a, b);
    driver.success(driver.result(a));
    driver.success(driver.result(b));

    ENDPOINTS.verify(
        postRequestedFor(urlEqualTo("/fn/summarize"))
            .withHeader("X-Flowmesh-Run-Id", equalTo(withCredentials))
            .withHeader("X-Api-Key", equalTo("ak-RUN-7")));
    ENDPOINTS.verify(
        postRequestedFor(urlEqualTo("/fn/summarize"))
            .withHeader("X-Flowmesh-Run-Id", equalTo(without))
            .withHeader("X-Api-Key", absent()));
  }

  /** integration-service's answer for one entry of a run's set. */
  private static void runCredential(
      String runId, String integration, String secrets, String httpHeaders) {
    INTEGRATIONS.stubFor(
        get("/internal/v1/runs/" + runId + "/credentials/" + integration)
            .withHeader(InternalHeaders.TENANT, equalTo(TENANT))
            .withHeader(InternalHeaders.GATEWAY_TOKEN, equalTo(GATEWAY_TOKEN))
            .willReturn(
                okJson(
                    "{\"runId\": \""
                        + runId
                        + "\", \"integration\": \""
                        + integration
                        + "\", \"secrets\": "
                        + secrets
                        + ", \"httpHeaders\": "
                        + httpHeaders
                        + ", \"cacheUntil\": \""
                        + Instant.now().plusSeconds(300)
                        + "\"}")));
  }

  private void registerHttpFunction(String slug, String path, String integrationType) {
    Map<String, Object> body =
        Map.of(
            "slug", slug,
            "name", slug,
            "executionType", "http",
            "webhookUrl", ENDPOINTS.baseUrl() + path,
            "integrationType", integrationType);
    assertThat(
            mvc.post()
                .uri("/api/v1/functions")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, TENANT)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .exchange())
        .hasStatus(201);
  }
}
