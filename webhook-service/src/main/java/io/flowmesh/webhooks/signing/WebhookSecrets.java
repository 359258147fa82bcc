package io.flowmesh.webhooks.signing;

import java.security.SecureRandom;
import java.util.Base64;

/** Signing secrets in the Standard Webhooks format: {@code whsec_} + base64 of random bytes. */
public final class WebhookSecrets {

  /** The prefix the Standard Webhooks libraries strip before base64-decoding the key. */
  public static final String PREFIX = "whsec_";

  /** 192 bits: within the 24..64 bytes the specification recommends. */
  static final int KEY_BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A new random secret, e.g. {@code whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}. */
  public static String generate() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }
}
