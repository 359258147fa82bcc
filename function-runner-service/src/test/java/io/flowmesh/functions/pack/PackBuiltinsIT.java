package io.flowmesh.functions.pack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.outbox.Outbox;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The builtins of the fal and blob packs and the superagent pack when the provider does not answer
 * as hoped: a job that fails or never finishes, answers a retry may or may not cure, and the inputs
 * only a builtin reads (bytes as base64, option headers).
 */
class PackBuiltinsIT extends IntegrationTestBase {

  private static final String TENANT = PackFunctionsIT.TENANT;
  private static final String FLUX = "/fal/fal-ai/flux/dev";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JsonMapper json;

  private ExecutionDriver driver;

  @BeforeEach
  void setUp() {
    driver = new ExecutionDriver(outbox, transactions, json);
    PackFunctionsIT.connection("con_fal", "fal", "Key fal-test-key");
    PackFunctionsIT.connection("con_blob", "blob", "Bearer blob-test-key");
    PackFunctionsIT.connection("con_superagent", "superagent", "Bearer superagent-test-key");
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void aFalJobWhoseResultIsAnErrorFailsNamingTheJobAndFalsDetail() {
    submits("a-failed-job", "job-422");
    ENDPOINTS.stubFor(
        get(urlEqualTo("/fal/fal-ai/flux/requests/job-422/status"))
            .willReturn(okJson("{\"status\": \"COMPLETED\", \"request_id\": \"job-422\"}")));
    ENDPOINTS.stubFor(
        get(urlEqualTo("/fal/fal-ai/flux/requests/job-422"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"detail\": [{\"loc\": [\"body\", \"prompt\"], \"msg\": \"The prompt"
                            + " was flagged by the content checker\", \"type\":"
                            + " \"content_policy_violation\"}]}")));

    FunctionFailed failed = driver.failure(TENANT, "fal/generate-image", flux("a-failed-job"));

    assertThat(failed.error().code()).isEqualTo("JOB_FAILED");
    assertThat(failed.error().retryable()).isFalse();
    assertThat(failed.error().message())
        .contains("job-422", "HTTP 422", "flagged by the content checker");
  }

  @Test
  void aFalJobThatCompletesWithAnErrorInItsStatusFailsWithIt() {
    submits("an-erroring-job", "job-error");
    ENDPOINTS.stubFor(
        get(urlEqualTo("/fal/fal-ai/flux/requests/job-error/status"))
            .willReturn(
                okJson(
                    "{\"status\": \"COMPLETED\", \"request_id\": \"job-error\","
                        + " \"error\": \"Runner crashed while processing\","
                        + " \"error_type\": \"runner_server_error\"}")));

    FunctionFailed failed = driver.failure(TENANT, "fal/generate-image", flux("an-erroring-job"));

    assertThat(failed.error().code()).isEqualTo("JOB_FAILED");
    assertThat(failed.error().message()).contains("job-error", "Runner crashed");
    ENDPOINTS.verify(0, getRequestedFor(urlEqualTo("/fal/fal-ai/flux/requests/job-error")));
  }

  @Test
  void aFalJobStillRunningWhenTheTimeoutRunsOutIsCancelledAndFailsWithTimeoutNamingTheJob() {
    submits("a-slow-job", "job-slow");
    ENDPOINTS.stubFor(
        put(urlEqualTo("/fal/fal-ai/flux/requests/job-slow/cancel"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\": \"CANCELLATION_REQUESTED\"}")));
    ENDPOINTS.stubFor(
        get(urlEqualTo("/fal/fal-ai/flux/requests/job-slow/status"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\": \"IN_PROGRESS\", \"request_id\": \"job-slow\"}")));
    FunctionRequested request =
        new FunctionRequested(
            UuidV7.prefixed("exe"),
            UuidV7.prefixed("run"),
            "n1",
            1,
            "fal/generate-image",
            flux("a-slow-job"),
            1_500);

    long start = System.nanoTime();
    driver.send(TENANT, request);
    FunctionFailed failed = driver.failure(driver.result(request));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(failed.error().code()).isEqualTo("TIMEOUT");
    assertThat(failed.error().retryable()).isTrue();
    assertThat(failed.error().message())
        .contains("job-slow", "still IN_PROGRESS", "1500 ms", "longer timeout");
    assertThat(tookMillis).isLessThan(10_000);
    ENDPOINTS.verify(0, getRequestedFor(urlEqualTo("/fal/fal-ai/flux/requests/job-slow")));
    ENDPOINTS.verify(
        putRequestedFor(urlEqualTo("/fal/fal-ai/flux/requests/job-slow/cancel"))
            .withHeader("Authorization", equalTo("Key fal-test-key")));
  }

  @Test
  void falRefusingTheSubmissionFailsAtOnceAndItsOverloadMayBeRetried() {
    ENDPOINTS.stubFor(
        post(urlEqualTo(FLUX))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo("unauthorized")))
            .willReturn(aResponse().withStatus(401).withBody("{\"detail\": \"Invalid key\"}")));
    ENDPOINTS.stubFor(
        post(urlEqualTo(FLUX))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo("overloaded")))
            .willReturn(aResponse().withStatus(429).withBody("{\"detail\": \"Rate limited\"}")));

    FunctionFailed refused = driver.failure(TENANT, "fal/generate-image", flux("unauthorized"));
    FunctionFailed overloaded = driver.failure(TENANT, "fal/generate-image", flux("overloaded"));

    assertThat(refused.error().code()).isEqualTo("HTTP_401");
    assertThat(refused.error().retryable()).isFalse();
    assertThat(refused.error().message()).contains("Invalid key");
    assertThat(overloaded.error().code()).isEqualTo("HTTP_429");
    assertThat(overloaded.error().retryable()).isTrue();
  }

  @Test
  void blobPutSendsBase64ContentAsBytesWithItsOptionHeaders() {
    ENDPOINTS.stubFor(
        put(urlPathEqualTo("/blob/"))
            .withQueryParam("pathname", equalTo("images/pixel.png"))
            .withHeader("Authorization", equalTo("Bearer blob-test-key"))
            .withHeader("x-allow-overwrite", equalTo("1"))
            .withHeader("x-cache-control-max-age", equalTo("3600"))
            .withRequestBody(binaryEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
            .willReturn(
                okJson(
                    PackFunctionsIT.BLOB_PUT
                        .replace("reports/2026-12.csv", "images/pixel.png")
                        .replace("text/csv", "image/png"))));

    JsonNode output =
        driver.output(
            TENANT,
            "blob/put",
            Map.of(
                "pathname",
                "images/pixel.png",
                "contentBase64",
                "iVBORw==",
                "allowOverwrite",
                true,
                "cacheControlMaxAge",
                3600,
                "connectionId",
                "con_blob"));

    assertThat(output.path("pathname").asString()).isEqualTo("images/pixel.png");
    assertThat(output.path("contentType").asString()).isEqualTo("image/png");
  }

  @Test
  void blobRefusingTheTokenIsNotRetryableAndItsServerErrorIs() {
    ENDPOINTS.stubFor(
        put(urlPathEqualTo("/blob/"))
            .withQueryParam("pathname", equalTo("forbidden.txt"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"error\": {\"code\": \"forbidden\", \"message\": \"Access denied\"}}")));
    ENDPOINTS.stubFor(
        put(urlPathEqualTo("/blob/"))
            .withQueryParam("pathname", equalTo("unavailable.txt"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody("{\"error\": {\"code\": \"service_unavailable\"}}")));

    FunctionFailed forbidden = driver.failure(TENANT, "blob/put", blob("forbidden.txt"));
    FunctionFailed unavailable = driver.failure(TENANT, "blob/put", blob("unavailable.txt"));

    assertThat(forbidden.error().code()).isEqualTo("HTTP_403");
    assertThat(forbidden.error().retryable()).isFalse();
    assertThat(forbidden.error().message()).contains("Access denied");
    assertThat(unavailable.error().code()).isEqualTo("HTTP_503");
    assertThat(unavailable.error().retryable()).isTrue();
  }

  @Test
  void blobPutWithoutContentIsRefusedByItsInputSchema() {
    FunctionFailed failed =
        driver.failure(
            TENANT, "blob/put", Map.of("pathname", "empty.txt", "connectionId", "con_blob"));

    assertThat(failed.error().code()).isEqualTo("INPUT_INVALID");
  }

  @Test
  void superagentsGuardDecisionGivenAsJsonTextIsReadToo() {
    ENDPOINTS.stubFor(
        post("/superagent/guard")
            .withRequestBody(equalToJson("{\"text\": \"Write a hello world script\"}"))
            .willReturn(
                okJson(
                    "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\":"
                        + " \"{\\\"classification\\\": \\\"pass\\\"}\", \"reasoning_content\":"
                        + " \"A harmless request.\"}}]}")));

    JsonNode output =
        driver.output(
            TENANT,
            "superagent/guard",
            Map.of("text", "Write a hello world script", "connectionId", "con_superagent"));

    assertThat(output.path("blocked").asBoolean()).isFalse();
    assertThat(output.path("classification").asString()).isEqualTo("pass");
    assertThat(output.path("reasoning").asString()).isEqualTo("A harmless request.");
    assertThat(output.has("violationTypes")).isFalse();
  }

  @Test
  void superagentOverloadedIsRetryableAndABadRequestIsNot() {
    ENDPOINTS.stubFor(
        post("/superagent/redact")
            .withRequestBody(matchingJsonPath("$.text", equalTo("busy")))
            .willReturn(aResponse().withStatus(503)));
    ENDPOINTS.stubFor(
        post("/superagent/redact")
            .withRequestBody(matchingJsonPath("$.text", equalTo("bad")))
            .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"text is required\"}")));

    FunctionFailed busy = driver.failure(TENANT, "superagent/redact", redact("busy"));
    FunctionFailed bad = driver.failure(TENANT, "superagent/redact", redact("bad"));

    assertThat(busy.error().code()).isEqualTo("HTTP_503");
    assertThat(busy.error().retryable()).isTrue();
    assertThat(bad.error().code()).isEqualTo("HTTP_400");
    assertThat(bad.error().retryable()).isFalse();
  }

  /** fal accepts a job of FLUX.1 [dev] with this prompt under this id. */
  private static void submits(String prompt, String requestId) {
    ENDPOINTS.stubFor(
        post(urlEqualTo(FLUX))
            .withHeader("Authorization", equalTo("Key fal-test-key"))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo(prompt)))
            .willReturn(
                okJson(
                    "{\"request_id\": \""
                        + requestId
                        + "\", \"status_url\": \"https://queue.fal.run/fal-ai/flux/requests/"
                        + requestId
                        + "/status\"}")));
  }

  private static Map<String, Object> flux(String prompt) {
    return Map.of("prompt", prompt, "connectionId", "con_fal");
  }

  private static Map<String, Object> blob(String pathname) {
    return Map.of("pathname", pathname, "content", "x", "connectionId", "con_blob");
  }

  private static Map<String, Object> redact(String text) {
    return Map.of("text", text, "connectionId", "con_superagent");
  }
}
