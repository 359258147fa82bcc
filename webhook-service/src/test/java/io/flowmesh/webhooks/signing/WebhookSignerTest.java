package io.flowmesh.webhooks.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  @Test
  void matchesTheStandardWebhooksReferenceSignature() {
    // The example from the Standard Webhooks specification and its reference libraries.
    String signature =
        WebhookSigner.signature(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            "{\"test\": 2432232314}",
            List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void aReceiverVerifiesWithTheOfficialLibrary() {
    String secret = WebhookSecrets.generate();
    String body = "{\"specversion\":\"1.0\",\"data\":{\"greeting\":\"grüß dich\"}}";
    long now = Instant.now().getEpochSecond();

    String signature = WebhookSigner.signature("whd_1", now, body, List.of(secret));

    assertThatCode(() -> new Webhook(secret).verify(body, headers("whd_1", now, signature)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> new Webhook(secret).verify(body + " ", headers("whd_1", now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(
            () ->
                new Webhook(WebhookSecrets.generate())
                    .verify(body, headers("whd_1", now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void severalSecretsGiveSeveralSignaturesEachVerifiable() throws Exception {
    String old = WebhookSecrets.generate();
    String fresh = WebhookSecrets.generate();
    long now = Instant.now().getEpochSecond();

    String signature = WebhookSigner.signature("whd_2", now, "{}", List.of(old, fresh));

    assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    new Webhook(old).verify("{}", headers("whd_2", now, signature));
    new Webhook(fresh).verify("{}", headers("whd_2", now, signature));
  }

  @Test
  void secretsAreWhsecAndTwentyFourRandomBytes() {
    String secret = WebhookSecrets.generate();

    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
    assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
  }

  private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
    return Map.of(
        "webhook-id", List.of(id),
        "webhook-timestamp", List.of(Long.toString(timestamp)),
        "webhook-signature", List.of(signature));
  }
}
