package io.flowmesh.integrations.runcredentials;

import io.flowmesh.integrations.crypto.DecryptionFailedException;
import io.flowmesh.integrations.crypto.Sealed;
import io.flowmesh.integrations.crypto.SecretCipher;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the run credentials table small and under the active master key: deletes expired sets (runs
 * long finished but never purged, and sets whose run never started) and rewraps data keys still
 * under an old master key, as {@code ReEncryption} does for connections. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work.
 */
@Component
class RunCredentialSweep {

  private static final Logger log = LoggerFactory.getLogger(RunCredentialSweep.class);
  private static final int BATCH = 500;

  private final SecretCipher cipher;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  RunCredentialSweep(SecretCipher cipher, JdbcClient jdbc, TransactionTemplate transactions) {
    this.cipher = cipher;
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  @Scheduled(
      initialDelayString = "60s",
      fixedDelayString = "${flowmesh.integrations.run-credentials.sweep-interval:10m}")
  void sweep() {
    int expired = deleteExpired();
    Rewrapped rewrapped = rewrap();
    if (expired > 0 || rewrapped.rewrapped() > 0 || rewrapped.failed() > 0) {
      log.info(
          "Run credentials: {} expired entries deleted, {} rewrapped, {} failed to rewrap",
          expired,
          rewrapped.rewrapped(),
          rewrapped.failed());
    }
  }

  /** Deletes expired entries, batch by batch; returns how many. */
  int deleteExpired() {
    int total = 0;
    for (int deleted = BATCH; deleted == BATCH; total += deleted) {
      deleted =
          jdbc.sql(
                  "DELETE FROM run_credentials WHERE ctid IN (SELECT ctid FROM run_credentials"
                      + " WHERE expires_at <= now() LIMIT :limit FOR UPDATE SKIP LOCKED)")
              .param("limit", BATCH)
              .update();
    }
    return total;
  }

  /**
   * How many rewrapped and failed.
   *
   * @param rewrapped entries now under the active key
   * @param failed entries whose data key could not be unwrapped; logged by run and integration
   */
  record Rewrapped(int rewrapped, int failed) {}

  /** Rewraps every entry not under the active master key. */
  Rewrapped rewrap() {
    int rewrapped = 0;
    int failed = 0;
    String after = "";
    while (true) {
      String from = after;
      Batch batch = transactions.execute(status -> rewrapBatch(from));
      if (batch == null || batch.rows.isEmpty()) {
        return new Rewrapped(rewrapped, failed);
      }
      rewrapped += batch.rewrapped;
      failed += batch.rows.size() - batch.rewrapped;
      after = batch.rows.getLast().key();
    }
  }

  /** How many entries each master key id wraps. */
  Map<String, Long> countsByKeyId() {
    Map<String, Long> counts = new TreeMap<>();
    jdbc.sql("SELECT key_id, count(*) AS n FROM run_credentials GROUP BY key_id")
        .query((rs, row) -> counts.put(rs.getString("key_id"), rs.getLong("n")))
        .list();
    return counts;
  }

  private Batch rewrapBatch(String after) {
    // Keyed by one text so that paging needs no row-value comparison over three columns.
    List<Row> rows =
        jdbc.sql(
                "SELECT tenant, run_id, integration, key_id, encrypted_secret FROM run_credentials"
                    + " WHERE key_id <> :active"
                    + " AND (tenant || '/' || run_id || '/' || integration) > :after"
                    + " ORDER BY tenant || '/' || run_id || '/' || integration"
                    + " LIMIT :limit FOR UPDATE SKIP LOCKED")
            .param("active", cipher.activeKeyId())
            .param("after", after)
            .param("limit", BATCH)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString("tenant"),
                        rs.getString("run_id"),
                        rs.getString("integration"),
                        new Sealed(rs.getString("key_id"), rs.getBytes("encrypted_secret"))))
            .list();
    Batch batch = new Batch(rows);
    for (Row row : rows) {
      String binding = RunCredentialsService.binding(row.runId, row.integration);
      try {
        Sealed sealed = cipher.rewrap(row.tenant, binding, row.sealed);
        jdbc.sql(
                "UPDATE run_credentials SET encrypted_secret = :secret, key_id = :keyId"
                    + " WHERE tenant = :tenant AND run_id = :runId AND integration = :integration")
            .param("secret", sealed.envelope())
            .param("keyId", sealed.keyId())
            .param("tenant", row.tenant)
            .param("runId", row.runId)
            .param("integration", row.integration)
            .update();
        batch.rewrapped++;
      } catch (DecryptionFailedException e) {
        log.error(
            "Cannot re-encrypt the '{}' credentials of run {} (tenant {}): {}",
            row.integration,
            row.runId,
            row.tenant,
            e.getMessage());
      }
    }
    return batch;
  }

  private record Row(String tenant, String runId, String integration, Sealed sealed) {
    String key() {
      return tenant + "/" + runId + "/" + integration;
    }
  }

  private static final class Batch {
    final List<Row> rows;
    int rewrapped;

    Batch(List<Row> rows) {
      this.rows = rows;
    }
  }
}
