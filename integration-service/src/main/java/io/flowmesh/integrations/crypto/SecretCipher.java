package io.flowmesh.integrations.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of connection secrets with AES-256-GCM (ADR 0010).
 *
 * <p>Each encryption draws a fresh random 256-bit data key and encrypts the secret with it; the
 * data key is itself encrypted ("wrapped") with the active master key. Both encryptions use the
 * same associated data: the tenant and connection id (and, for the wrap, the master key id), so an
 * envelope copied to another row, tenant or key id fails authentication instead of decrypting.
 * Re-encryption after a master key rotation only rewraps the 32-byte data key.
 *
 * <p>Envelope layout (version 1): {@code 0x01 | wrapIv(12) | wrappedKey(48) | dataIv(12) |
 * ciphertext+tag}.
 */
public class SecretCipher {

  private static final byte VERSION = 1;
  private static final int IV_LENGTH = 12;
  private static final int TAG_BITS = 128;
  private static final int WRAPPED_KEY_LENGTH = 32 + TAG_BITS / 8;
  private static final int HEADER_LENGTH = 1 + IV_LENGTH + WRAPPED_KEY_LENGTH + IV_LENGTH;

  private final Map<String, SecretKey> masterKeys;
  private final String activeKeyId;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(CryptoProperties properties) {
    this.masterKeys =
        properties.decodedKeys().entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, e -> new SecretKeySpec(e.getValue(), "AES")));
    this.activeKeyId = properties.activeKeyId();
  }

  /** The id new envelopes are wrapped with. */
  public String activeKeyId() {
    return activeKeyId;
  }

  /** The configured master key ids. */
  public Set<String> keyIds() {
    return masterKeys.keySet();
  }

  /** Encrypts a secret for one connection under a fresh data key and the active master key. */
  public Sealed encrypt(String tenant, String connectionId, byte[] plaintext) {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      SecretKey dataKey = generator.generateKey();
      byte[] dataIv = randomIv();
      byte[] ciphertext =
          gcm(Cipher.ENCRYPT_MODE, dataKey, dataIv, dataAad(tenant, connectionId), plaintext);
      byte[] wrapIv = randomIv();
      byte[] wrapped =
          gcm(
              Cipher.ENCRYPT_MODE,
              masterKeys.get(activeKeyId),
              wrapIv,
              wrapAad(tenant, connectionId, activeKeyId),
              dataKey.getEncoded());
      ByteBuffer envelope = ByteBuffer.allocate(HEADER_LENGTH + ciphertext.length);
      envelope.put(VERSION).put(wrapIv).put(wrapped).put(dataIv).put(ciphertext);
      return new Sealed(activeKeyId, envelope.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /** Decrypts a connection's secret; fails if anything about the envelope or binding changed. */
  public byte[] decrypt(String tenant, String connectionId, Sealed sealed) {
    Parts parts = parse(sealed);
    byte[] dataKey = unwrap(tenant, connectionId, sealed.keyId(), parts);
    try {
      return gcm(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(dataKey, "AES"),
          parts.dataIv,
          dataAad(tenant, connectionId),
          parts.ciphertext);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException(
          "The secret of connection " + connectionId + " failed authentication");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Rewraps the data key under the active master key; the ciphertext is kept as it is. Returns the
   * envelope unchanged when it is already under the active key.
   */
  public Sealed rewrap(String tenant, String connectionId, Sealed sealed) {
    if (sealed.keyId().equals(activeKeyId)) {
      return sealed;
    }
    Parts parts = parse(sealed);
    byte[] dataKey = unwrap(tenant, connectionId, sealed.keyId(), parts);
    try {
      byte[] wrapIv = randomIv();
      byte[] wrapped =
          gcm(
              Cipher.ENCRYPT_MODE,
              masterKeys.get(activeKeyId),
              wrapIv,
              wrapAad(tenant, connectionId, activeKeyId),
              dataKey);
      ByteBuffer envelope = ByteBuffer.allocate(HEADER_LENGTH + parts.ciphertext.length);
      envelope.put(VERSION).put(wrapIv).put(wrapped).put(parts.dataIv).put(parts.ciphertext);
      return new Sealed(activeKeyId, envelope.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private byte[] unwrap(String tenant, String connectionId, String keyId, Parts parts) {
    SecretKey master = masterKeys.get(keyId);
    if (master == null) {
      throw new DecryptionFailedException(
          "The secret of connection "
              + connectionId
              + " is wrapped with master key '"
              + keyId
              + "', which is not configured");
    }
    try {
      return gcm(
          Cipher.DECRYPT_MODE,
          master,
          parts.wrapIv,
          wrapAad(tenant, connectionId, keyId),
          parts.wrappedKey);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException(
          "The data key of connection " + connectionId + " failed authentication");
    }
  }

  private static Parts parse(Sealed sealed) {
    byte[] envelope = sealed.envelope();
    if (envelope == null || envelope.length < HEADER_LENGTH + TAG_BITS / 8) {
      throw new DecryptionFailedException("The stored secret envelope is truncated");
    }
    if (envelope[0] != VERSION) {
      throw new DecryptionFailedException("Unknown secret envelope version " + envelope[0]);
    }
    ByteBuffer buffer = ByteBuffer.wrap(envelope, 1, envelope.length - 1);
    byte[] wrapIv = new byte[IV_LENGTH];
    byte[] wrappedKey = new byte[WRAPPED_KEY_LENGTH];
    byte[] dataIv = new byte[IV_LENGTH];
    byte[] ciphertext = new byte[envelope.length - HEADER_LENGTH];
    buffer.get(wrapIv).get(wrappedKey).get(dataIv).get(ciphertext);
    return new Parts(wrapIv, wrappedKey, dataIv, ciphertext);
  }

  private byte[] randomIv() {
    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    return iv;
  }

  private static byte[] gcm(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(aad);
    return cipher.doFinal(input);
  }

  // Length-prefixed fields, so ("a", "bc") and ("ab", "c") never produce the same AAD.
  private static byte[] dataAad(String tenant, String connectionId) {
    return aad("flowmesh/connection-secret/v1", tenant, connectionId);
  }

  private static byte[] wrapAad(String tenant, String connectionId, String keyId) {
    return aad("flowmesh/connection-data-key/v1", tenant, connectionId, keyId);
  }

  private static byte[] aad(String... fields) {
    int length = 0;
    byte[][] encoded = new byte[fields.length][];
    for (int i = 0; i < fields.length; i++) {
      encoded[i] = fields[i].getBytes(StandardCharsets.UTF_8);
      length += 4 + encoded[i].length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    for (byte[] field : encoded) {
      buffer.putInt(field.length).put(field);
    }
    return buffer.array();
  }

  private record Parts(byte[] wrapIv, byte[] wrappedKey, byte[] dataIv, byte[] ciphertext) {}
}
