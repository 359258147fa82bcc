package io.flowmesh.events.hook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets made for a hook when the caller gives none: Standard Webhooks' {@code whsec_} format for
 * that scheme, else 32 random bytes in URL-safe base64 (a GitHub secret, an HMAC key, a password or
 * a token). Stripe and Slack issue their own.
 */
final class HookSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private HookSecrets() {}

  static String generate(Scheme scheme) {
    if (scheme == Scheme.STANDARD_WEBHOOKS) {
      return "whsec_" + Base64.getEncoder().encodeToString(bytes(24));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
  }

  private static byte[] bytes(int count) {
    byte[] key = new byte[count];
    RANDOM.nextBytes(key);
    return key;
  }
}
