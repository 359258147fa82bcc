package io.flowmesh.events.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.flowmesh.events.hook.Verifier.Delivery;
import io.flowmesh.events.hook.Verifier.Reason;
import io.flowmesh.events.hook.Verifier.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Each scheme's check against its provider's documented format, without Spring. */
class VerifiersTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_765_000_000L);
  private static final Verification GITHUB =
      new Verification("github", null, null, null, null, null);
  private static final Verification STRIPE =
      new Verification("stripe", null, null, null, null, 300);
  private static final Verification SLACK = new Verification("slack", null, null, null, null, null);

  @Test
  void gitHubsDocumentedExamplePasses() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        "X-Hub-Signature-256",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

    assertThat(
            Verifiers.github(
                GITHUB, "It's a Secret to Everybody", delivery(headers, "Hello, World!")))
        .isEmpty();
    assertThat(
            reason(
                Verifiers.github(
                    GITHUB, "It's a Secret to Everybody!", delivery(headers, "Hello, World!"))))
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(
            reason(
                Verifiers.github(
                    GITHUB, "It's a Secret to Everybody", delivery(headers, "Hello, World?"))))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void stripeAcceptsAnyV1WithinTheToleranceOnly() {
    String body = "{\"id\":\"evt_1\"}";
    String good = hex(Verifiers.hmac("whsec_s", bytes(NOW.getEpochSecond() + "." + body)));
    HttpHeaders headers = new HttpHeaders();
    headers.set(
        "Stripe-Signature", "t=" + NOW.getEpochSecond() + ",v1=" + "00".repeat(32) + ",v1=" + good);

    assertThat(Verifiers.stripe(STRIPE, "whsec_s", delivery(headers, body))).isEmpty();
    assertThat(
            reason(
                Verifiers.stripe(
                    STRIPE, "whsec_s", new Delivery(headers, bytes(body), NOW.plusSeconds(301)))))
        .isEqualTo(Reason.STALE_TIMESTAMP);
    assertThat(
            Verifiers.stripe(
                STRIPE, "whsec_s", new Delivery(headers, bytes(body), NOW.plusSeconds(300))))
        .isEmpty();
  }

  @Test
  void slackSignsVersionTimestampAndBody() {
    String body = "token=x&command=%2Fweather";
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Slack-Request-Timestamp", Long.toString(NOW.getEpochSecond()));
    headers.set(
        "X-Slack-Signature",
        "v0=" + hex(Verifiers.hmac("signing", bytes("v0:" + NOW.getEpochSecond() + ":" + body))));

    assertThat(Verifiers.slack(SLACK, "signing", delivery(headers, body))).isEmpty();
    headers.set("X-Slack-Request-Timestamp", "yesterday");
    assertThat(reason(Verifiers.slack(SLACK, "signing", delivery(headers, body))))
        .isEqualTo(Reason.MALFORMED_HEADER);
  }

  @Test
  void standardWebhooksIsCheckedByTheOfficialLibrary() throws Exception {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    long now = Instant.now().getEpochSecond();
    HttpHeaders headers = new HttpHeaders();
    headers.set("webhook-id", "msg_1");
    headers.set("webhook-timestamp", Long.toString(now));
    headers.set("webhook-signature", new Webhook(secret).sign("msg_1", now, "{}"));
    Verification settings = new Verification("standard-webhooks", null, null, null, null, null);

    assertThat(Verifiers.standardWebhooks(settings, secret, delivery(headers, "{}"))).isEmpty();
    assertThat(reason(Verifiers.standardWebhooks(settings, secret, delivery(headers, "{ }"))))
        .isEqualTo(Reason.BAD_SIGNATURE);
    headers.remove("webhook-id");
    assertThat(reason(Verifiers.standardWebhooks(settings, secret, delivery(headers, "{}"))))
        .isEqualTo(Reason.MISSING_HEADER);
  }

  private static Delivery delivery(HttpHeaders headers, String body) {
    return new Delivery(headers, bytes(body), NOW);
  }

  private static Reason reason(Optional<Refusal> refusal) {
    return refusal.orElseThrow().reason();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
