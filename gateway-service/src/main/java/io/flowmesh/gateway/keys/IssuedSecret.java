package io.flowmesh.gateway.keys;

import io.flowmesh.gateway.auth.ApiKeyHash;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A new key secret: {@value #PREFIX} and 256 random bits in base64url. So much entropy makes a
 * plain SHA-256 a safe way to store it (no salt or slow hash needed: nothing to guess from a
 * dictionary), and the prefix lets secret scanners and people recognise a leaked key.
 *
 * @param secret the key as the client sends it; shown once, never stored
 * @param hash what is stored and looked up
 * @param prefix the recognisable beginning shown in lists
 */
record IssuedSecret(String secret, ApiKeyHash hash, String prefix) {

  static final String PREFIX = "fm_live_";

  /** Enough of the random part to tell a tenant's keys apart, far too little to guess the rest. */
  private static final int SHOWN_RANDOM_CHARACTERS = 6;

  private static final SecureRandom RANDOM = new SecureRandom();

  static IssuedSecret generate() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return new IssuedSecret(
        secret,
        ApiKeyHash.of(secret),
        secret.substring(0, PREFIX.length() + SHOWN_RANDOM_CHARACTERS));
  }

  @Override
  public String toString() {
    return "IssuedSecret[prefix=" + prefix + "]";
  }
}
