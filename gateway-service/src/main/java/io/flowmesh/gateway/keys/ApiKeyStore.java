package io.flowmesh.gateway.keys;

import io.flowmesh.gateway.auth.ApiKeyHash;
import io.flowmesh.gateway.jdbc.Timestamps;
import io.flowmesh.gateway.scopes.Scope;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code api_keys} and {@code api_key_secrets} tables. Every query about a key filters by its
 * tenant, so another tenant's key id reads as unknown. Blocking: callers run it on {@code
 * Blocking}.
 */
@Repository
class ApiKeyStore {

  private static final String KEY_COLUMNS =
      """
      k.id, k.tenant_id, k.name, array_to_string(k.scopes, ' ') AS scopes, k.created_at,
      k.created_by, k.expires_at, k.revoked_at, k.last_used_at,
      (SELECT s.prefix FROM api_key_secrets s WHERE s.key_id = k.id
        ORDER BY s.created_at DESC LIMIT 1) AS prefix
      """;

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  ApiKeyStore(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  @Transactional
  void insert(ApiKey key, IssuedSecret secret) {
    jdbc.sql(
            """
            INSERT INTO api_keys (id, tenant_id, name, scopes, created_at, created_by, expires_at)
            VALUES (:id, :tenant, :name, string_to_array(:scopes, ' '), :createdAt, :createdBy,
                    :expiresAt)
            """)
        .param("id", key.id())
        .param("tenant", key.tenant())
        .param("name", key.name())
        .param("scopes", wire(key.scopes()))
        .param("createdAt", Timestamps.of(key.createdAt()))
        .param("createdBy", key.createdBy())
        .param("expiresAt", Timestamps.of(key.expiresAt()))
        .update();
    insertSecret(key.id(), secret, key.createdAt());
  }

  Optional<ApiKey> find(String tenant, String id) {
    return jdbc.sql(
            "SELECT " + KEY_COLUMNS + " FROM api_keys k WHERE k.tenant_id = :tenant AND k.id = :id")
        .param("tenant", tenant)
        .param("id", id)
        .query(ApiKeyStore::mapKey)
        .optional();
  }

  List<ApiKey> list(String tenant, String afterId, int limit) {
    return jdbc.sql(
            "SELECT "
                + KEY_COLUMNS
                + """
                 FROM api_keys k
                WHERE k.tenant_id = :tenant AND (CAST(:after AS text) IS NULL OR k.id > :after)
                ORDER BY k.id LIMIT :limit
                """)
        .param("tenant", tenant)
        .param("after", afterId)
        .param("limit", limit)
        .query(ApiKeyStore::mapKey)
        .list();
  }

  /**
   * @return false if the tenant has no such key or it was revoked already
   */
  boolean revoke(String tenant, String id, Instant at) {
    return jdbc.sql(
                """
                UPDATE api_keys SET revoked_at = :at
                 WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL
                """)
            .param("tenant", tenant)
            .param("id", id)
            .param("at", Timestamps.of(at))
            .update()
        == 1;
  }

  /** Adds the new secret and lets every older one expire after the overlap at the latest. */
  @Transactional
  void rotate(String keyId, IssuedSecret secret, Instant now, Instant oldSecretsExpireAt) {
    jdbc.sql(
            """
            UPDATE api_key_secrets SET expires_at = LEAST(COALESCE(expires_at, :until), :until)
             WHERE key_id = :keyId
            """)
        .param("keyId", keyId)
        .param("until", Timestamps.of(oldSecretsExpireAt))
        .update();
    insertSecret(keyId, secret, now);
  }

  /** What authentication needs to know about a presented secret. */
  Optional<PresentedSecret> findSecret(ApiKeyHash hash) {
    return jdbc.sql(
            """
            SELECT s.secret_hash, s.expires_at AS secret_expires_at, k.id, k.tenant_id,
                   array_to_string(k.scopes, ' ') AS scopes, k.expires_at, k.revoked_at
              FROM api_key_secrets s JOIN api_keys k ON k.id = s.key_id
             WHERE s.secret_hash = :hash
            """)
        .param("hash", hash.toBytes())
        .query(
            (rs, row) ->
                new PresentedSecret(
                    rs.getBytes("secret_hash"),
                    rs.getString("id"),
                    rs.getString("tenant_id"),
                    scopes(rs.getString("scopes")),
                    Timestamps.read(rs, "expires_at"),
                    Timestamps.read(rs, "secret_expires_at"),
                    Timestamps.read(rs, "revoked_at") != null))
        .optional()
        // The index found the row by the digest; compare it again in constant time all the same.
        .filter(found -> MessageDigest.isEqual(found.hash(), hash.toBytes()));
  }

  /** One statement for all keys used since the last flush; never moves a time backwards. */
  void touch(Map<String, Instant> lastUsedByKey) {
    if (lastUsedByKey.isEmpty()) {
      return;
    }
    List<Object[]> rows =
        lastUsedByKey.entrySet().stream()
            .map(e -> new Object[] {Timestamps.of(e.getValue()), e.getKey()})
            .toList();
    batch.batchUpdate(
        """
        UPDATE api_keys SET last_used_at = GREATEST(last_used_at, CAST(? AS timestamptz))
         WHERE id = ?
        """,
        rows);
  }

  private void insertSecret(String keyId, IssuedSecret secret, Instant at) {
    jdbc.sql(
            """
            INSERT INTO api_key_secrets (secret_hash, key_id, prefix, created_at)
            VALUES (:hash, :keyId, :prefix, :createdAt)
            """)
        .param("hash", secret.hash().toBytes())
        .param("keyId", keyId)
        .param("prefix", secret.prefix())
        .param("createdAt", Timestamps.of(at))
        .update();
  }

  private static ApiKey mapKey(ResultSet rs, int row) throws SQLException {
    return new ApiKey(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("name"),
        rs.getString("prefix"),
        scopes(rs.getString("scopes")),
        Timestamps.read(rs, "created_at"),
        rs.getString("created_by"),
        Timestamps.read(rs, "expires_at"),
        Timestamps.read(rs, "revoked_at"),
        Timestamps.read(rs, "last_used_at"));
  }

  private static String wire(Set<Scope> scopes) {
    return scopes.stream().map(Scope::wireName).collect(Collectors.joining(" "));
  }

  /** Names that are no longer scopes (after a rename) are dropped rather than failing the key. */
  private static Set<Scope> scopes(String names) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (names != null && !names.isBlank()) {
      Arrays.stream(names.split(" "))
          .flatMap(n -> Scope.fromWireName(n).stream())
          .forEach(scopes::add);
    }
    return scopes;
  }

  /**
   * A stored secret and its key, as authentication sees them.
   *
   * @param keyExpiresAt when the key stops working; null for never
   * @param secretExpiresAt when this secret stops working after a rotation; null for never
   */
  record PresentedSecret(
      byte[] hash,
      String keyId,
      String tenant,
      Set<Scope> scopes,
      Instant keyExpiresAt,
      Instant secretExpiresAt,
      boolean revoked) {

    boolean isValidAt(Instant now) {
      return !revoked
          && (keyExpiresAt == null || now.isBefore(keyExpiresAt))
          && (secretExpiresAt == null || now.isBefore(secretExpiresAt));
    }
  }
}
