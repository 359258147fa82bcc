package io.flowmesh.integrations.crypto;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rewraps every connection's data key that is not under the active master key. Only the 48-byte
 * wrapped key changes; the secret's ciphertext, the connection's version and its ETag stay. Rows
 * are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas (or the job and an
 * operator's call) share the work instead of waiting on each other.
 */
@Service
public class ReEncryption {

  private static final Logger log = LoggerFactory.getLogger(ReEncryption.class);

  private final SecretCipher cipher;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ReEncryptionProperties properties;

  ReEncryption(
      SecretCipher cipher,
      JdbcClient jdbc,
      TransactionTemplate transactions,
      ReEncryptionProperties properties) {
    this.cipher = cipher;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
  }

  /**
   * The outcome of a run.
   *
   * @param rewrapped rows now under the active key
   * @param failed rows that could not be unwrapped (their master key is missing or they were
   *     tampered with); they keep their old key id and are logged by connection id
   */
  public record Result(int rewrapped, int failed) {}

  /** Rewraps all rows not under the active key, batch by batch. */
  public Result run() {
    int rewrapped = 0;
    int failed = 0;
    String afterTenant = "";
    String afterId = "";
    while (true) {
      String tenant = afterTenant;
      String id = afterId;
      Batch batch = transactions.execute(status -> rewrapBatch(tenant, id));
      if (batch == null || batch.claimed == 0) {
        break;
      }
      rewrapped += batch.rewrapped;
      failed += batch.failed;
      afterTenant = batch.lastTenant;
      afterId = batch.lastId;
    }
    if (rewrapped > 0 || failed > 0) {
      log.info(
          "Re-encryption under master key '{}': {} rewrapped, {} failed",
          cipher.activeKeyId(),
          rewrapped,
          failed);
    }
    return new Result(rewrapped, failed);
  }

  /** How many connections each master key id wraps. */
  public Map<String, Long> countsByKeyId() {
    Map<String, Long> counts = new TreeMap<>();
    jdbc.sql(
            "SELECT key_id, count(*) AS n FROM connections WHERE key_id IS NOT NULL GROUP BY key_id")
        .query((rs, row) -> counts.put(rs.getString("key_id"), rs.getLong("n")))
        .list();
    return counts;
  }

  private Batch rewrapBatch(String afterTenant, String afterId) {
    List<Row> rows =
        jdbc.sql(
                "SELECT tenant, id, key_id, encrypted_secret FROM connections"
                    + " WHERE key_id IS NOT NULL AND key_id <> :active AND (tenant, id) > (:tenant, :id)"
                    + " ORDER BY tenant, id LIMIT :limit FOR UPDATE SKIP LOCKED")
            .param("active", cipher.activeKeyId())
            .param("tenant", afterTenant)
            .param("id", afterId)
            .param("limit", properties.batchSize())
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString("tenant"),
                        rs.getString("id"),
                        new Sealed(rs.getString("key_id"), rs.getBytes("encrypted_secret"))))
            .list();
    Batch batch = new Batch();
    for (Row row : rows) {
      batch.claimed++;
      batch.lastTenant = row.tenant;
      batch.lastId = row.id;
      try {
        Sealed rewrapped = cipher.rewrap(row.tenant, row.id, row.sealed);
        jdbc.sql(
                "UPDATE connections SET encrypted_secret = :secret, key_id = :keyId"
                    + " WHERE tenant = :tenant AND id = :id")
            .param("secret", rewrapped.envelope())
            .param("keyId", rewrapped.keyId())
            .param("tenant", row.tenant)
            .param("id", row.id)
            .update();
        batch.rewrapped++;
      } catch (DecryptionFailedException e) {
        batch.failed++;
        log.error(
            "Cannot re-encrypt connection {} of tenant {}: {}", row.id, row.tenant, e.getMessage());
      }
    }
    return batch;
  }

  private record Row(String tenant, String id, Sealed sealed) {}

  private static final class Batch {
    int claimed;
    int rewrapped;
    int failed;
    String lastTenant = "";
    String lastId = "";
  }
}
