package io.flowmesh.events.store;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event store's daily partitions (UTC days of acceptance). At start and then every hour it
 * creates the partitions of today and the next {@code days-ahead} days and drops those wholly older
 * than the retention. {@link #ensure} creates a missing one on demand (the hourly job did not run,
 * the clock moved), so accepting an event never fails for want of a partition.
 *
 * <p>Replicas share the work safely: each change runs under one transaction-scoped advisory lock,
 * and creating or dropping is idempotent ({@code IF NOT EXISTS}, {@code IF EXISTS}).
 */
@Component
public class EventPartitions {

  private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);

  /** Advisory lock key of partition maintenance: "evtparts" in ASCII. */
  private static final long LOCK = 0x6576_7470_6172_7473L;

  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final EventStoreProperties properties;
  private final Clock clock;
  private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

  EventPartitions(
      JdbcClient jdbc,
      PlatformTransactionManager transactionManager,
      EventStoreProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    // Its own transactions: a partition created on demand must not hold its lock for the
    // duration of the batch that needed it, nor disappear if that batch rolls back.
    this.transactions = new TransactionTemplate(transactionManager);
    this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.properties = properties;
    this.clock = clock;
  }

  /** Creates the partition that holds events accepted at {@code at}, if it does not exist. */
  public void ensure(Instant at) {
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    if (!known.contains(day)) {
      transactions.executeWithoutResult(status -> create(day));
    }
  }

  /** Creates the coming days' partitions and drops the expired ones. */
  @Scheduled(initialDelay = 0, fixedDelayString = "PT1H")
  public void maintain() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate oldestKept =
        clock.instant().minus(properties.retention()).atZone(ZoneOffset.UTC).toLocalDate();
    transactions.executeWithoutResult(
        status -> {
          for (int ahead = 0; ahead <= properties.daysAhead(); ahead++) {
            create(today.plusDays(ahead));
          }
          for (String expired : expiredPartitions(oldestKept)) {
            jdbc.sql("DROP TABLE IF EXISTS " + expired).update();
            known.remove(LocalDate.parse(expired.substring("events_p".length()), SUFFIX));
            log.info("Dropped event partition {}: older than the retention", expired);
          }
          // A key older than the retention claims an event that is gone.
          jdbc.sql("DELETE FROM event_keys WHERE received_at < :oldest")
              .param("oldest", oldestKept.atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
              .update();
        });
  }

  private void create(LocalDate day) {
    jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", LOCK).query().singleValue();
    jdbc.sql(
            "CREATE TABLE IF NOT EXISTS "
                + name(day)
                + " PARTITION OF events FOR VALUES FROM ('"
                + day
                + "T00:00:00Z') TO ('"
                + day.plusDays(1)
                + "T00:00:00Z')")
        .update();
    known.add(day);
  }

  /** The partitions whose whole day lies before {@code oldestKept}. */
  private List<String> expiredPartitions(LocalDate oldestKept) {
    return jdbc
        .sql(
            """
            SELECT child.relname FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            JOIN pg_namespace ns ON ns.oid = parent.relnamespace
            WHERE parent.relname = 'events' AND ns.nspname = current_schema()
              AND child.relname ~ '^events_p[0-9]{8}$'
            """)
        .query(String.class)
        .list()
        .stream()
        .filter(
            name ->
                LocalDate.parse(name.substring("events_p".length()), SUFFIX).isBefore(oldestKept))
        .toList();
  }

  /** The partition's table name; the date is formatted by us, never taken from input. */
  private static String name(LocalDate day) {
    return "events_p" + SUFFIX.format(day);
  }
}
