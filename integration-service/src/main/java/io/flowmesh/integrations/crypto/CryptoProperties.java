package io.flowmesh.integrations.crypto;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The master keys that wrap connection data keys. In production they come from a Kubernetes Secret
 * (env {@code FLOWMESH_INTEGRATIONS_CRYPTO_MASTERKEYS_<ID>}, the id lower-cased, and {@code
 * FLOWMESH_INTEGRATIONS_CRYPTO_ACTIVE_KEY_ID}). There is deliberately no default key: a service
 * that started with a well-known key would encrypt real secrets with it.
 *
 * @param masterKeys key id to base64 of 32 random bytes (AES-256); keep old ids until every
 *     connection has been re-encrypted under the active one
 * @param activeKeyId the id new and re-encrypted data keys are wrapped with
 * @param keyring more master keys as {@code id=base64[,id=base64...]}: the form one environment
 *     variable or one Kubernetes Secret key can hold ({@code FLOWMESH_INTEGRATIONS_CRYPTO_KEYRING})
 */
@ConfigurationProperties("flowmesh.integrations.crypto")
public record CryptoProperties(Map<String, String> masterKeys, String activeKeyId, String keyring) {

  @ConstructorBinding
  public CryptoProperties {
    Map<String, String> all = new TreeMap<>(masterKeys == null ? Map.of() : masterKeys);
    if (keyring != null && !keyring.isBlank()) {
      for (String entry : keyring.split(",")) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
          // Never echo the entry: it holds key material.
          throw new IllegalStateException(
              "flowmesh.integrations.crypto.keyring must be id=base64[,id=base64...]");
        }
        all.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
      }
    }
    masterKeys = Map.copyOf(all);
  }

  public CryptoProperties(Map<String, String> masterKeys, String activeKeyId) {
    this(masterKeys, activeKeyId, null);
  }

  /** Decodes and checks every key; the messages name key ids, never key material. */
  Map<String, byte[]> decodedKeys() {
    if (masterKeys.isEmpty()) {
      throw new IllegalStateException(
          "No master key configured: set flowmesh.integrations.crypto.master-keys.<keyId> (env"
              + " FLOWMESH_INTEGRATIONS_CRYPTO_MASTERKEYS_<KEYID>) to base64 of 32 random bytes"
              + " and flowmesh.integrations.crypto.active-key-id to that key id");
    }
    if (activeKeyId == null || activeKeyId.isBlank()) {
      throw new IllegalStateException(
          "flowmesh.integrations.crypto.active-key-id (FLOWMESH_INTEGRATIONS_CRYPTO_ACTIVE_KEY_ID)"
              + " must name one of the configured master keys "
              + new TreeMap<>(masterKeys).keySet());
    }
    Map<String, byte[]> keys = new TreeMap<>();
    masterKeys.forEach(
        (id, value) -> {
          byte[] key;
          try {
            key = Base64.getDecoder().decode(value == null ? "" : value.trim());
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                "Master key '" + id + "' is not valid base64 (expected 32 bytes, base64-encoded)");
          }
          if (key.length != 32) {
            throw new IllegalStateException(
                "Master key '" + id + "' has " + key.length + " bytes; AES-256 needs exactly 32");
          }
          keys.put(id, key);
        });
    if (!keys.containsKey(activeKeyId)) {
      throw new IllegalStateException(
          "The active master key id '"
              + activeKeyId
              + "' is not among the configured master keys "
              + keys.keySet());
    }
    return keys;
  }
}
