package io.flowmesh.messaging;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): unique without coordination and index-friendly, so they
 * serve as ids of events and of the rows services create.
 */
public final class UuidV7 {

  private static final SecureRandom RANDOM = new SecureRandom();

  private UuidV7() {}

  /** A new version 7 UUID. */
  public static UUID next() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** A prefixed id such as {@code run_0190f7...}, for resources exposed in the API. */
  public static String prefixed(String prefix) {
    return prefix + "_" + next().toString().replace("-", "");
  }
}
