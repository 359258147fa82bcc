package io.flowmesh.integrations.runcredentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.integrations.ServiceIT;
import io.flowmesh.integrations.crypto.CryptoProperties;
import io.flowmesh.integrations.crypto.Sealed;
import io.flowmesh.integrations.crypto.SecretCipher;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.model.integration.RunCredentialAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Per-run credentials through the internal API as the orchestrator and function-runner call it. */
@ExtendWith(OutputCaptureExtension.class)
class RunCredentialsIT extends ServiceIT {

  @Autowired CryptoProperties crypto;
  @Autowired RunCredentialSweep sweep;
  @Autowired JsonMapper json;

  @Test
  void aRunsSetIsStoredThenReadOneIntegrationAtATimeThenDeleted() {
    MvcTestResult stored =
        store(
            "rc-a",
            "run_a1",
            """
            {"integrations": {
              "openai": {"apiKey": "sk-RC-openai-1"},
              "reports": {"token": "RC-ignored", "headers": {"authorization": "Token RC-rep-2",
                                                             "X-Tenant": "acme"}},
              "smtp": {"username": "ops", "password": "RC-mail-3"}}}""");

    assertThat(stored).hasStatus(204);
    MvcTestResult openai = read("rc-a", "run_a1", "openai");
    assertThat(openai).hasStatusOk();
    assertThat(openai.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(openai).bodyJson().extractingPath("$.runId").isEqualTo("run_a1");
    assertThat(openai).bodyJson().extractingPath("$.integration").isEqualTo("openai");
    assertThat(openai).bodyJson().extractingPath("$.secrets.apiKey").isEqualTo("sk-RC-openai-1");
    assertThat(openai)
        .bodyJson()
        .extractingPath("$.httpHeaders")
        .isEqualTo(Map.of("Authorization", "Bearer sk-RC-openai-1"));
    assertThat(Instant.parse(jsonString(openai, "cacheUntil")))
        .isAfter(Instant.now())
        .isBefore(Instant.now().plus(Duration.ofMinutes(6)));
    // explicit headers win over the bearer a token stands for, whatever their case
    assertThat(read("rc-a", "run_a1", "reports"))
        .bodyJson()
        .extractingPath("$.httpHeaders")
        .isEqualTo(Map.of("authorization", "Token RC-rep-2", "X-Tenant", "acme"));
    assertThat(read("rc-a", "run_a1", "smtp"))
        .bodyJson()
        .extractingPath("$.httpHeaders")
        .asMap()
        .isEmpty();
    assertThat(read("rc-a", "run_a1", "github")).hasStatus(404);

    assertThat(delete("rc-a", "/internal/v1/runs/run_a1/credentials")).hasStatus(204);

    MvcTestResult gone = read("rc-a", "run_a1", "openai");
    assertThat(gone).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(gone)
        .bodyJson()
        .extractingPath("$.type")
        .isEqualTo(ProblemTypes.NOT_FOUND.toString());
    assertThat(rows("rc-a", "run_a1")).isZero();
    assertThat(delete("rc-a", "/internal/v1/runs/run_a1/credentials")).hasStatus(204);
  }

  @Test
  void theAnswerIsExactlyTheRunCredentialAnswerContractTheFunctionRunnerReads() {
    assertThat(
            store(
                "rc-j",
                "run_j1",
                """
                {"integrations": {"acme": {"token": "RC-j-1", "retries": 3, "region": null,
                                           "headers": {"X-Tenant": "acme"}}}}"""))
        .hasStatus(204);

    // Strict: a field the contract does not name, or one of another type, fails here.
    RunCredentialAnswer answer =
        json.readerFor(RunCredentialAnswer.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(body(read("rc-j", "run_j1", "acme")));

    Map<String, Object> secrets = new HashMap<>();
    secrets.put("token", "RC-j-1");
    secrets.put("retries", 3);
    secrets.put("region", null);
    secrets.put("headers", Map.of("X-Tenant", "acme"));
    assertThat(answer.runId()).isEqualTo("run_j1");
    assertThat(answer.integration()).isEqualTo("acme");
    assertThat(answer.secrets()).isEqualTo(secrets);
    assertThat(answer.httpHeaders()).containsEntry("X-Tenant", "acme");
    assertThat(answer.cacheUntil()).isAfter(Instant.now());
    assertThat(answer.toString()).doesNotContain("RC-j-1");
  }

  @Test
  void anotherTenantReadsNothingOfARunAndCannotDeleteIt() {
    store("rc-b", "run_b1", "{\"integrations\": {\"openai\": {\"apiKey\": \"sk-RC-b\"}}}");

    MvcTestResult foreign = read("rc-b-other", "run_b1", "openai");
    assertThat(foreign).hasStatus(404);
    assertThat(body(foreign)).doesNotContain("sk-RC-b");
    assertThat(delete("rc-b-other", "/internal/v1/runs/run_b1/credentials")).hasStatus(204);
    assertThat(
            post(
                "rc-b-other",
                "/internal/v1/run-credentials/deletions",
                "{\"runIds\": [\"run_b1\"]}"))
        .bodyJson()
        .extractingPath("$.deleted")
        .isEqualTo(0);

    assertThat(read("rc-b", "run_b1", "openai"))
        .bodyJson()
        .extractingPath("$.secrets.apiKey")
        .isEqualTo("sk-RC-b");
  }

  @Test
  void theTableHoldsOnlyCiphertextBoundToItsTenantRunAndIntegration() {
    store(
        "rc-c",
        "run_c1",
        "{\"integrations\": {\"openai\": {\"apiKey\": \"sk-RC-plain-c1\"},"
            + " \"other\": {\"token\": \"RC-plain-c2\"}}}");

    List<Map<String, Object>> rows =
        jdbc.sql(
                "SELECT integration, key_id, encrypted_secret, expires_at FROM run_credentials"
                    + " WHERE tenant = 'rc-c' ORDER BY integration")
            .query()
            .listOfRows();
    assertThat(rows).extracting(r -> r.get("integration")).containsExactly("openai", "other");
    for (Map<String, Object> row : rows) {
      assertThat(row.get("key_id")).isEqualTo("test-2026");
      String stored = new String((byte[]) row.get("encrypted_secret"), StandardCharsets.ISO_8859_1);
      assertThat(stored).doesNotContain("sk-RC-plain-c1").doesNotContain("RC-plain-c2");
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM run_credentials r WHERE r::text LIKE '%RC-plain%'")
                .query(Integer.class)
                .single())
        .isZero();
    // retention: 7 days by default
    assertThat(((java.sql.Timestamp) rows.getFirst().get("expires_at")).toInstant())
        .isBetween(
            Instant.now().plus(Duration.ofDays(7).minusMinutes(5)),
            Instant.now().plus(Duration.ofDays(7)));

    // An envelope copied to another integration (or run, or tenant) fails authentication.
    jdbc.sql(
            "UPDATE run_credentials SET encrypted_secret = (SELECT encrypted_secret FROM"
                + " run_credentials WHERE tenant = 'rc-c' AND integration = 'openai')"
                + " WHERE tenant = 'rc-c' AND integration = 'other'")
        .update();
    MvcTestResult moved = read("rc-c", "run_c1", "other");
    assertThat(moved).hasStatus(503);
    assertThat(body(moved)).doesNotContain("sk-RC-plain-c1");
  }

  @Test
  void anInvalidSetIsRejectedWholeNamingTheFieldsButNoValue(CapturedOutput output) {
    MvcTestResult invalid =
        store(
            "rc-d",
            "run_d1",
            """
            {"integrations": {
              "good": {"apiKey": "sk-RC-good-d1"},
              "bad name": {"apiKey": "x"},
              "flat": "sk-RC-flat-d2",
              "crlf": {"token": "RC-d3\\r\\nX-Evil: 1", "headers": {"Host": "h", "X-A": 5}}}}""");

    assertThat(invalid).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(invalid)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder(
            "integrations",
            "integrations.flat",
            "integrations.crlf.token",
            "integrations.crlf.headers.Host",
            "integrations.crlf.headers.X-A");
    assertThat(body(invalid))
        .doesNotContain("sk-RC-good-d1")
        .doesNotContain("sk-RC-flat-d2")
        .doesNotContain("RC-d3");
    assertThat(rows("rc-d", "run_d1")).isZero();
    assertThat(store("rc-d", "run_d2", "{\"integrations\": []}")).hasStatus(400);
    assertThat(store("rc-d", "run/d3", "{\"integrations\": {}}")).hasStatus(404);
    assertThat(store("rc-d", "run,d4", "{\"integrations\": {}}"))
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("runId");
    assertThat(output.getAll()).doesNotContain("sk-RC-good-d1").doesNotContain("sk-RC-flat-d2");
  }

  @Test
  void storingAgainReplacesTheWholeSet() {
    store(
        "rc-e",
        "run_e1",
        "{\"integrations\": {\"a\": {\"token\": \"1\"}, \"b\": {\"token\": \"2\"}}}");

    store("rc-e", "run_e1", "{\"integrations\": {\"b\": {\"token\": \"3\"}}}");

    assertThat(read("rc-e", "run_e1", "a")).hasStatus(404);
    assertThat(read("rc-e", "run_e1", "b"))
        .bodyJson()
        .extractingPath("$.secrets.token")
        .isEqualTo("3");
  }

  @Test
  void theSetsOfManyRunsAreDeletedInOneCall() {
    for (String run : List.of("run_f1", "run_f2", "run_f3")) {
      store(
          "rc-f",
          run,
          "{\"integrations\": {\"a\": {\"token\": \"t\"}, \"b\": {\"apiKey\": \"k\"}}}");
    }

    MvcTestResult deleted =
        post(
            "rc-f",
            "/internal/v1/run-credentials/deletions",
            "{\"runIds\": [\"run_f1\", \"run_f3\", \"run_unknown\"]}");

    assertThat(deleted).hasStatusOk();
    assertThat(deleted).bodyJson().extractingPath("$.deleted").isEqualTo(4);
    assertThat(rows("rc-f", "run_f1") + rows("rc-f", "run_f3")).isZero();
    assertThat(rows("rc-f", "run_f2")).isEqualTo(2);
  }

  @Test
  void anExpiredSetIsNotReadAndTheSweepDeletesIt() {
    store("rc-g", "run_g1", "{\"integrations\": {\"openai\": {\"apiKey\": \"sk-RC-g\"}}}");
    store("rc-g", "run_g2", "{\"integrations\": {\"openai\": {\"apiKey\": \"sk-RC-g2\"}}}");
    // as if stored longer ago than the retention, e.g. by a start that never committed
    jdbc.sql(
            "UPDATE run_credentials SET expires_at = now() - interval '1 second'"
                + " WHERE tenant = 'rc-g' AND run_id = 'run_g1'")
        .update();

    assertThat(read("rc-g", "run_g1", "openai")).hasStatus(404);
    assertThat(sweep.deleteExpired()).isGreaterThanOrEqualTo(1);
    assertThat(rows("rc-g", "run_g1")).isZero();
    assertThat(rows("rc-g", "run_g2")).isEqualTo(1);
  }

  @Test
  void anEntryUnderAnOldMasterKeyIsRewrappedAndStillReads() {
    SecretCipher before = new SecretCipher(new CryptoProperties(crypto.masterKeys(), "test-2025"));
    Sealed old =
        before.encrypt(
            "rc-h",
            RunCredentialsService.binding("run_h1", "openai"),
            "{\"apiKey\":\"sk-RC-OLD\"}".getBytes(StandardCharsets.UTF_8));
    jdbc.sql(
            "INSERT INTO run_credentials (tenant, run_id, integration, encrypted_secret, key_id,"
                + " expires_at) VALUES ('rc-h', 'run_h1', 'openai', ?, ?, now() + interval '1 hour')")
        .params(old.envelope(), old.keyId())
        .update();
    assertThat(internal("GET"))
        .bodyJson()
        .extractingPath("$.runCredentialsByKeyId.test-2025")
        .isNotNull();

    MvcTestResult rewrapped = internal("POST");

    assertThat(rewrapped).hasStatusOk();
    assertThat(rewrapped)
        .bodyJson()
        .extractingPath("$.runCredentialsByKeyId")
        .asMap()
        .doesNotContainKey("test-2025");
    assertThat(
            jdbc.sql("SELECT key_id FROM run_credentials WHERE tenant = 'rc-h'")
                .query(String.class)
                .single())
        .isEqualTo("test-2026");
    assertThat(read("rc-h", "run_h1", "openai"))
        .bodyJson()
        .extractingPath("$.secrets.apiKey")
        .isEqualTo("sk-RC-OLD");
  }

  @Test
  void callsWithoutTheServiceTokenOrATenantAre401() {
    assertThat(
            mvc.get()
                .uri("/internal/v1/runs/run_i1/credentials/openai")
                .header(InternalHeaders.TENANT, "rc-i")
                .exchange())
        .hasStatus(401);
    assertThat(
            mvc.delete()
                .uri("/internal/v1/runs/run_i1/credentials")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .exchange())
        .hasStatus(401);
    assertThat(
            mvc.put()
                .uri("/internal/v1/runs/run_i1/credentials")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, "not a tenant")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"integrations\": {}}")
                .exchange())
        .hasStatus(401);
    assertThat(mvc.get().uri("/v3/api-docs").exchange())
        .bodyJson()
        .extractingPath("$.paths")
        .asMap()
        .doesNotContainKey("/internal/v1/runs/{runId}/credentials");
  }

  private MvcTestResult store(String tenant, String runId, String body) {
    return mvc.put()
        .uri("/internal/v1/runs/" + runId + "/credentials")
        .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
        .header(InternalHeaders.TENANT, tenant)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  private MvcTestResult read(String tenant, String runId, String integration) {
    return get(tenant, "/internal/v1/runs/" + runId + "/credentials/" + integration);
  }

  private MvcTestResult internal(String method) {
    var request =
        "POST".equals(method)
            ? mvc.post().uri("/internal/v1/run-credentials/re-encryption")
            : mvc.get().uri("/internal/v1/run-credentials/re-encryption");
    return request.header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN).exchange();
  }

  private int rows(String tenant, String runId) {
    return jdbc.sql("SELECT count(*) FROM run_credentials WHERE tenant = ? AND run_id = ?")
        .params(tenant, runId)
        .query(Integer.class)
        .single();
  }

  private static String jsonString(MvcTestResult result, String field) {
    return com.jayway.jsonpath.JsonPath.read(body(result), "$." + field);
  }
}
