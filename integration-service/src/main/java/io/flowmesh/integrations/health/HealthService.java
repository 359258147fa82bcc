package io.flowmesh.integrations.health;

import io.flowmesh.integrations.connection.ConnectionNotFoundException;
import io.flowmesh.integrations.connection.ConnectionRepository;
import io.flowmesh.integrations.connection.ConnectionRow;
import io.flowmesh.integrations.connection.ConnectionSecrets;
import io.flowmesh.integrations.crypto.DecryptionFailedException;
import io.flowmesh.integrations.health.CheckResult.Outcome;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.integration.ConnectionHealthChanged;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a connection's health check and records it: the history row, the connection's status and,
 * when the status changed, a {@link ConnectionHealthChanged} event in the outbox, all in one
 * transaction. The check itself (network I/O) runs outside any transaction.
 */
@Service
class HealthService {

  private final ConnectionRepository connections;
  private final ConnectionSecrets secrets;
  private final HealthChecker checker;
  private final HealthProperties properties;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Outbox outbox;
  private final Clock clock = Clock.systemUTC();

  HealthService(
      ConnectionRepository connections,
      ConnectionSecrets secrets,
      HealthChecker checker,
      HealthProperties properties,
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Outbox outbox) {
    this.connections = connections;
    this.secrets = secrets;
    this.checker = checker;
    this.properties = properties;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
  }

  /** Checks a connection now and records the result. */
  HealthCheckView checkNow(String tenant, String id) {
    ConnectionRow row =
        connections
            .findByTenantAndId(TenantId.of(tenant), id)
            .orElseThrow(() -> new ConnectionNotFoundException(id));
    Instant checkedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    CheckResult result;
    try {
      result = checker.check(row, secrets.open(row));
    } catch (DecryptionFailedException e) {
      result = new CheckResult(Outcome.UNHEALTHY, "stored credentials cannot be decrypted", 0);
    }
    CheckResult recorded = result;
    if (recorded.outcome() != Outcome.NOT_CHECKED) {
      transactions.executeWithoutResult(status -> record(row, recorded, checkedAt));
    }
    return new HealthCheckView(
        checkedAt, recorded.outcome().name(), recorded.detail(), recorded.latencyMs());
  }

  /**
   * Claims up to a batch of due checks: their next check time moves one interval ahead in the
   * claiming transaction (FOR UPDATE SKIP LOCKED), so another replica polling meanwhile skips them
   * and, once committed, no longer sees them as due.
   */
  List<String[]> claimDue() {
    return transactions.execute(
        status -> {
          List<String[]> due =
              jdbc.sql(
                      "SELECT tenant, id FROM connections WHERE enabled AND next_check_at <= now()"
                          + " ORDER BY next_check_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                  .param("limit", properties.batchSize())
                  .query((rs, n) -> new String[] {rs.getString("tenant"), rs.getString("id")})
                  .list();
          for (String[] key : due) {
            jdbc.sql(
                    "UPDATE connections SET next_check_at = now() + make_interval(secs => :secs)"
                        + " WHERE tenant = :tenant AND id = :id")
                .param("secs", properties.interval().toSeconds())
                .param("tenant", key[0])
                .param("id", key[1])
                .update();
          }
          return due;
        });
  }

  private void record(ConnectionRow row, CheckResult result, Instant checkedAt) {
    // Lock the connection: concurrent checks of one connection record (and publish) in order.
    String previous =
        jdbc.sql(
                "SELECT health_status FROM connections WHERE tenant = :tenant AND id = :id"
                    + " FOR UPDATE")
            .param("tenant", row.tenant().value())
            .param("id", row.id())
            .query(String.class)
            .optional()
            .orElse(null);
    if (previous == null) {
      return; // deleted while being checked
    }
    String status = result.outcome().name();
    jdbc.sql(
            "INSERT INTO connection_health_checks (tenant, connection_id, checked_at, healthy,"
                + " latency_ms, detail) VALUES (:tenant, :id, :at, :healthy, :latency, :detail)")
        .param("tenant", row.tenant().value())
        .param("id", row.id())
        .param("at", Timestamp.from(checkedAt))
        .param("healthy", result.outcome() == Outcome.HEALTHY)
        .param("latency", result.latencyMs())
        .param("detail", bounded(result.detail()))
        .update();
    jdbc.sql(
            "UPDATE connections SET health_status = :status, health_checked_at = :at,"
                + " next_check_at = :next WHERE tenant = :tenant AND id = :id")
        .param("status", status)
        .param("at", Timestamp.from(checkedAt))
        .param("next", Timestamp.from(checkedAt.plus(properties.interval())))
        .param("tenant", row.tenant().value())
        .param("id", row.id())
        .update();
    jdbc.sql(
            "DELETE FROM connection_health_checks WHERE tenant = :tenant AND connection_id = :id"
                + " AND id NOT IN (SELECT id FROM connection_health_checks WHERE tenant = :tenant"
                + " AND connection_id = :id ORDER BY checked_at DESC, id DESC LIMIT :keep)")
        .param("tenant", row.tenant().value())
        .param("id", row.id())
        .param("keep", properties.historySize())
        .update();
    if (!status.equals(previous)) {
      outbox.append(
          new OutboxMessage(
              Topics.INTEGRATION_EVENTS,
              row.id(),
              EventTypes.CONNECTION_HEALTH_CHANGED,
              row.id(),
              row.tenant().value(),
              new ConnectionHealthChanged(
                  row.id(), row.type(), previous, status, bounded(result.detail()), checkedAt)));
    }
  }

  private static String bounded(String detail) {
    String clean = detail == null ? "" : detail.replace('\u0000', '\uFFFD');
    return clean.length() <= 500 ? clean : clean.substring(0, 500);
  }
}
