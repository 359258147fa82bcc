package io.flowmesh.integrations.crypto;

import org.springframework.data.relational.core.mapping.Column;

/**
 * An encrypted secret as stored: the envelope and the id of the master key that wrapped its data
 * key.
 *
 * @param keyId master key id, stored in {@code connections.key_id}
 * @param envelope wrapped data key and ciphertext, stored in {@code connections.encrypted_secret}
 */
public record Sealed(String keyId, @Column("encrypted_secret") byte[] envelope) {}
