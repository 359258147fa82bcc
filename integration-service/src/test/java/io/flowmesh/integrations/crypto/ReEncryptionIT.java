package io.flowmesh.integrations.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.integrations.ServiceIT;
import io.flowmesh.model.InternalHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Master key rotation: rows under an old key id are rewrapped under the active one. */
class ReEncryptionIT extends ServiceIT {

  @Autowired CryptoProperties crypto;

  @Test
  void rewrapsConnectionsUnderAnOldKeyAndTheyStillResolve() {
    String id =
        create(
            "rekey-a",
            """
            {"type": "http-bearer", "name": "old", "settings": {"baseUrl": "https://a.example"},
             "secrets": {"token": "tok-OLD-KEY"}}""");
    // As if written before the rotation: sealed under the previous master key.
    SecretCipher before = new SecretCipher(new CryptoProperties(crypto.masterKeys(), "test-2025"));
    Sealed old = before.encrypt("rekey-a", id, "{\"token\":\"tok-OLD-KEY\"}".getBytes());
    jdbc.sql("UPDATE connections SET encrypted_secret = ?, key_id = ? WHERE tenant = ? AND id = ?")
        .params(old.envelope(), old.keyId(), "rekey-a", id)
        .update();
    MvcTestResult read = get("rekey-a", "/api/v1/connections/" + id);
    String etag = read.getResponse().getHeader("ETag");

    MvcTestResult status = internal("GET");
    assertThat(status).bodyJson().extractingPath("$.connectionsByKeyId.test-2025").isNotNull();
    MvcTestResult run = internal("POST");

    assertThat(run).hasStatusOk();
    assertThat(run)
        .bodyJson()
        .extractingPath("$.connectionsByKeyId")
        .asMap()
        .doesNotContainKey("test-2025");
    Map<String, Object> row =
        jdbc.sql("SELECT key_id, encrypted_secret FROM connections WHERE id = ?")
            .param(id)
            .query()
            .singleRow();
    assertThat(row.get("key_id")).isEqualTo("test-2026");
    assertThat((byte[]) row.get("encrypted_secret")).isNotEqualTo(old.envelope());
    assertThat(resolve("rekey-a", id))
        .bodyJson()
        .extractingPath("$.secrets.token")
        .isEqualTo("tok-OLD-KEY");
    // The secret did not change, so neither did the version a client holds.
    assertThat(get("rekey-a", "/api/v1/connections/" + id).getResponse().getHeader("ETag"))
        .isEqualTo(etag);
  }

  @Test
  void aRowCopiedToAnotherConnectionDoesNotDecrypt() {
    String a =
        create(
            "rekey-b",
            """
            {"type": "http-bearer", "name": "a", "settings": {"baseUrl": "https://a.example"},
             "secrets": {"token": "tok-A"}}""");
    String b =
        create(
            "rekey-b",
            """
            {"type": "http-bearer", "name": "b", "settings": {"baseUrl": "https://a.example"},
             "secrets": {"token": "tok-B"}}""");
    jdbc.sql(
            "UPDATE connections SET encrypted_secret = (SELECT encrypted_secret FROM connections"
                + " WHERE id = ?) WHERE id = ?")
        .params(a, b)
        .update();

    MvcTestResult result = resolve("rekey-b", b);

    assertThat(result).hasStatus(503);
    assertThat(body(result)).doesNotContain("tok-A").doesNotContain("tok-B");
  }

  private MvcTestResult internal(String method) {
    var request =
        "POST".equals(method)
            ? mvc.post().uri("/internal/v1/re-encryption")
            : mvc.get().uri("/internal/v1/re-encryption");
    return request.header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN).exchange();
  }
}
