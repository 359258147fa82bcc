package io.flowmesh.webhooks.signing;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.util.List;
import java.util.StringJoiner;

/**
 * Signs webhook requests per the Standard Webhooks specification with the official library: {@code
 * v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the base64-decoded secret. Several
 * secrets (during a rotation) give several space-separated signatures in one header, any of which a
 * receiver accepts.
 */
public final class WebhookSigner {

  /** Header carrying the message id, stable across retries. */
  public static final String ID_HEADER = "webhook-id";

  /** Header carrying the attempt's Unix time in seconds. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** Header carrying the signatures. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private WebhookSigner() {}

  /**
   * The {@code webhook-signature} header value.
   *
   * @param messageId the {@code webhook-id}
   * @param timestampSeconds the {@code webhook-timestamp}
   * @param body the exact request body (UTF-8)
   * @param secrets one or more {@code whsec_} secrets
   */
  public static String signature(
      String messageId, long timestampSeconds, String body, List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("No signing secret");
    }
    StringJoiner header = new StringJoiner(" ");
    for (String secret : secrets) {
      try {
        header.add(new Webhook(secret).sign(messageId, timestampSeconds, body));
      } catch (EmptyWebhookSecretException | WebhookSigningException e) {
        throw new IllegalStateException("Cannot sign with a subscription's secret", e);
      }
    }
    return header.toString();
  }
}
