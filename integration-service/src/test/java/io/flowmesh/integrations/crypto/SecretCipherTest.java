package io.flowmesh.integrations.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  private static final String OLD_KEY = key();
  private static final String NEW_KEY = key();
  private static final byte[] SECRET =
      "{\"token\":\"s3cr3t-value\"}".getBytes(StandardCharsets.UTF_8);

  private final SecretCipher cipher =
      new SecretCipher(new CryptoProperties(Map.of("k1", OLD_KEY), "k1"));

  @Test
  void roundTrips() {
    Sealed sealed = cipher.encrypt("acme", "con_1", SECRET);

    assertThat(sealed.keyId()).isEqualTo("k1");
    assertThat(new String(sealed.envelope(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
    assertThat(cipher.decrypt("acme", "con_1", sealed)).isEqualTo(SECRET);
  }

  @Test
  void everyEncryptionUsesAFreshDataKeyAndIv() {
    Sealed first = cipher.encrypt("acme", "con_1", SECRET);
    Sealed second = cipher.encrypt("acme", "con_1", SECRET);

    assertThat(first.envelope()).isNotEqualTo(second.envelope());
  }

  @Test
  void rotationRewrapsUnderTheActiveKeyAndKeepsOldEnvelopesReadable() {
    Sealed underOld = cipher.encrypt("acme", "con_1", SECRET);
    SecretCipher rotated =
        new SecretCipher(new CryptoProperties(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2"));

    assertThat(rotated.decrypt("acme", "con_1", underOld)).isEqualTo(SECRET);
    Sealed rewrapped = rotated.rewrap("acme", "con_1", underOld);

    assertThat(rewrapped.keyId()).isEqualTo("k2");
    SecretCipher onlyNew = new SecretCipher(new CryptoProperties(Map.of("k2", NEW_KEY), "k2"));
    assertThat(onlyNew.decrypt("acme", "con_1", rewrapped)).isEqualTo(SECRET);
    assertThatThrownBy(() -> onlyNew.decrypt("acme", "con_1", underOld))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("'k1'")
        .hasMessageContaining("not configured");
    assertThat(rotated.rewrap("acme", "con_1", rewrapped)).isSameAs(rewrapped);
  }

  @Test
  void aFlippedBitAnywhereInTheEnvelopeFailsAuthentication() {
    Sealed sealed = cipher.encrypt("acme", "con_1", SECRET);
    // version(1) | wrap IV (1..12) | wrapped key (13..60) | data IV (61..72) | ciphertext+tag
    int[] positions = {5, 13, 40, 60, 61, 72, 73, sealed.envelope().length - 1};
    for (int position : positions) {
      byte[] tampered = sealed.envelope().clone();
      tampered[position] ^= 0x01;
      assertThatThrownBy(() -> cipher.decrypt("acme", "con_1", new Sealed("k1", tampered)))
          .as("bit flipped at %d", position)
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void anEnvelopeCopiedToAnotherConnectionOrTenantFails() {
    Sealed sealed = cipher.encrypt("acme", "con_1", SECRET);

    assertThatThrownBy(() -> cipher.decrypt("acme", "con_2", sealed))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> cipher.decrypt("evil", "con_1", sealed))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void aWrongOrUnknownKeyIdFails() {
    SecretCipher twoKeys =
        new SecretCipher(new CryptoProperties(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k1"));
    Sealed sealed = twoKeys.encrypt("acme", "con_1", SECRET);

    assertThatThrownBy(() -> twoKeys.decrypt("acme", "con_1", new Sealed("k2", sealed.envelope())))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> twoKeys.decrypt("acme", "con_1", new Sealed("k9", sealed.envelope())))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("'k9'");
  }

  @Test
  void truncatedOrUnknownVersionEnvelopesFail() {
    Sealed sealed = cipher.encrypt("acme", "con_1", SECRET);
    byte[] truncated = java.util.Arrays.copyOf(sealed.envelope(), 40);
    byte[] otherVersion = sealed.envelope().clone();
    otherVersion[0] = 9;

    assertThatThrownBy(() -> cipher.decrypt("acme", "con_1", new Sealed("k1", truncated)))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> cipher.decrypt("acme", "con_1", new Sealed("k1", otherVersion)))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void refusesToStartWithoutAUsableMasterKeyAndNeverEchoesKeyMaterial() {
    assertThatThrownBy(() -> new SecretCipher(new CryptoProperties(Map.of(), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No master key configured");
    assertThatThrownBy(() -> new SecretCipher(new CryptoProperties(Map.of("k1", OLD_KEY), "k2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'k2'")
        .message()
        .doesNotContain(OLD_KEY);
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> new SecretCipher(new CryptoProperties(Map.of("k1", shortKey), "k1")))
        .hasMessageContaining("16 bytes")
        .message()
        .doesNotContain(shortKey);
    assertThatThrownBy(
            () -> new SecretCipher(new CryptoProperties(Map.of("k1", "not base64!"), "k1")))
        .hasMessageContaining("not valid base64")
        .message()
        .doesNotContain("not base64!");
  }

  private static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
