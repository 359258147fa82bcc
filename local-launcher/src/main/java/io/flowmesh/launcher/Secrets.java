package io.flowmesh.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The dev API key, the gateway token and the integrations master key: random, made once per data
 * directory, kept in a file.
 */
final class Secrets {

  static final String API_KEY_PREFIX = "fm_dev_";
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** {@code fm_dev_} and 32 base62 characters (190 bits). */
  static String newApiKey() {
    return API_KEY_PREFIX + randomBase62(32);
  }

  /** 43 base62 characters (256 bits). */
  static String newToken() {
    return randomBase62(43);
  }

  /** Base64 of 32 random bytes: an AES-256 key in the form integration-service reads. */
  static String newAesKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static String randomBase62(int length) {
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    return value.toString();
  }

  /** Hex SHA-256 of the UTF-8 bytes, the form the gateway compares API keys in. */
  static String sha256Hex(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The secret stored in {@code file}, or a new one from {@code generator}, written owner-only and
   * atomically (a crash never leaves half a key behind).
   */
  static String loadOrCreate(Path file, Supplier<String> generator) {
    try {
      if (Files.isRegularFile(file)) {
        String stored = Files.readString(file).strip();
        if (!stored.isEmpty()) {
          return stored;
        }
      }
      String value = generator.get();
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temp);
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, value + "\n");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write " + file, e);
    }
  }
}
