package io.flowmesh.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The SHA-256 digest of an API key. It is the only form in which the gateway keeps, compares or
 * logs a key, so a leaked configuration or log line never reveals a usable credential.
 */
public final class ApiKeyHash {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] digest;

  private ApiKeyHash(byte[] digest) {
    this.digest = digest;
  }

  /** Hashes a key as presented by a caller; the plain key is not retained. */
  public static ApiKeyHash of(String apiKey) {
    try {
      return new ApiKeyHash(
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must support SHA-256 (MessageDigest Javadoc), so this cannot happen.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Reads a digest written as 64 hexadecimal characters (either case), as operators configure it.
   *
   * @throws IllegalArgumentException if the text is not a SHA-256 digest in hex
   */
  public static ApiKeyHash fromHex(String hex) {
    if (!SHA256_HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "expected a SHA-256 digest as 64 hexadecimal characters, got " + hex.length() + " chars");
    }
    return new ApiKeyHash(HEX.parseHex(hex));
  }

  /** The 32 bytes of the digest, as a database column holds them; a copy. */
  public byte[] toBytes() {
    return digest.clone();
  }

  /** Compares in constant time, so response timing does not reveal how much of a digest matched. */
  public boolean matches(ApiKeyHash other) {
    return MessageDigest.isEqual(digest, other.digest);
  }

  /** The digest as 64 lowercase hexadecimal characters. */
  public String toHex() {
    return HEX.formatHex(digest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKeyHash hash && matches(hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  /** A short fingerprint, enough to tell keys apart in logs. */
  @Override
  public String toString() {
    return "ApiKeyHash[" + toHex().substring(0, 8) + "...]";
  }
}
