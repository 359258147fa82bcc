package io.flowmesh.integrations.crypto;

/**
 * A stored secret could not be decrypted: a wrong or unknown master key, or a ciphertext, IV,
 * wrapped key or binding (tenant, connection) that is not what was encrypted. The message never
 * contains key material or plaintext.
 */
public class DecryptionFailedException extends RuntimeException {

  public DecryptionFailedException(String message) {
    super(message);
  }
}
