package io.flowmesh.outbox;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.messaging.OutboundEvent;
import io.flowmesh.polling.PollingThread;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import java.net.URI;
import java.sql.Array;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka and deletes them once the broker acknowledged.
 *
 * <p>One relay transaction: take the schema's relay lock ({@code pg_try_advisory_xact_lock}, so one
 * replica of a service relays at a time and key order holds across replicas), read the oldest rows
 * by id above the {@link RelayFloor}, delete them, send the ones this transaction deleted, wait for
 * every acknowledgement, commit. If any record is not acknowledged the transaction rolls back and
 * the rows stay. A crash at any point leaves the rows in place to be sent again: duplicates are
 * possible, loss is not. The relay runs when a commit wakes it and every {@code pollInterval}
 * otherwise, and drains the table batch by batch.
 */
class OutboxRelay implements SmartLifecycle, PollingThread.Rounds {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /**
   * One round trip for the relay lock and the batch (the relay runs once per hop of every run, so a
   * round trip less is latency off every step). The lock: first int {@link Outbox#KEY_LOCK_SPACE} +
   * 1, second the hash of the schema. Advisory locks are database-wide and every service has its
   * own outbox table in its own schema of the shared database; one lock for all would let only one
   * service relay at a time. The lock subquery is evaluated once (a subquery with volatile
   * functions is never flattened), and the batch is read only if it got the lock. The answer is one
   * row without an id if the lock is held elsewhere or the table is empty, else the batch.
   *
   * <p>It also turns off {@code synchronous_commit} for the relay's transaction: that transaction
   * only deletes rows Kafka has acknowledged, so its commit need not wait for the disk. A crash
   * that loses the commit brings the rows back and they are sent again, a duplicate consumers
   * absorb. Saves a WAL flush per batch. (Writers' commits stay synchronous.)
   *
   * <p>It reads from the {@link RelayFloor} up, and returns what the floor needs: the id sequence's
   * last value, the batch's own xid and its snapshot's xmin.
   */
  private static final String LOCK_AND_SELECT_BATCH =
      "SELECT l.locked, l.sequence_last, l.batch_xid, l.snapshot_xmin, o.id, o.event_id, o.tenant,"
          + " o.topic, o.message_key, o.event_type, o.subject, o.traceparent, o.occurred_at,"
          + " o.payload FROM (SELECT pg_try_advisory_xact_lock("
          + (Outbox.KEY_LOCK_SPACE + 1)
          + ", hashtext(coalesce(current_schema(), ''))) AS locked,"
          + " set_config('synchronous_commit', 'off', true) AS async_commit,"
          + " coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'id')::regclass), 0)"
          + " AS sequence_last, pg_current_xact_id()::text::bigint AS batch_xid,"
          + " pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS snapshot_xmin) AS l"
          + " LEFT JOIN LATERAL (SELECT id, event_id, tenant, topic, message_key, event_type,"
          + " subject, traceparent, occurred_at, payload FROM outbox WHERE l.locked AND id > ?"
          + " ORDER BY id LIMIT ?) AS o ON true";

  /** How soon to try again while another replica holds the relay lock. */
  private static final long LOCKED_RETRY_MILLIS = 20;

  /** A batch read by {@link #LOCK_AND_SELECT_BATCH}: null while another replica relays. */
  private static final ResultSetExtractor<Batch> LOCKED_BATCH =
      rs -> {
        List<OutboxRow> rows = new ArrayList<>();
        long sequenceLast = 0;
        long batchXid = 0;
        long snapshotXmin = 0;
        while (rs.next()) {
          if (!rs.getBoolean(1)) {
            return null;
          }
          sequenceLast = rs.getLong(2);
          batchXid = rs.getLong(3);
          snapshotXmin = rs.getLong(4);
          if (rs.getObject(5) != null) {
            rows.add(
                new OutboxRow(
                    rs.getLong(5),
                    new OutboundEvent(
                        rs.getObject(6, UUID.class),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getTimestamp(13).toInstant(),
                        rs.getBytes(14))));
          }
        }
        return new Batch(rows, sequenceLast, batchXid, snapshotXmin);
      };

  /** The rows of one batch and what {@link RelayFloor} learns from it. */
  private record Batch(List<OutboxRow> rows, long sequenceLast, long batchXid, long snapshotXmin) {}

  private final MessageSpans spans;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Producer<String, byte[]> producer;
  private final OutboxProperties properties;
  private final URI source;
  private final Semaphore signal = new Semaphore(0);

  /** Touched only by the thread that relays (the worker, or a test calling {@link #relayOnce}). */
  private final RelayFloor floor = new RelayFloor();

  private final Counter published;
  private final Counter failedBatches;
  private final Timer batchTimer;

  /** Relays after commits and every {@code pollInterval}; backs off from it after failures. */
  private final PollingThread worker;

  /** A commit woke the relay since its last look at the table. */
  private volatile boolean woken;

  OutboxRelay(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Producer<String, byte[]> producer,
      OutboxProperties properties,
      MeterRegistry meters) {
    this(jdbc, transactions, producer, properties, meters, MessageSpans.NONE);
  }

  OutboxRelay(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Producer<String, byte[]> producer,
      OutboxProperties properties,
      MeterRegistry meters,
      MessageSpans spans) {
    this.spans = spans;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.producer = producer;
    this.properties = properties;
    this.source = URI.create(properties.source());
    this.published =
        Counter.builder("flowmesh.outbox.published")
            .description("Outbox messages acknowledged by Kafka")
            .register(meters);
    this.failedBatches =
        Counter.builder("flowmesh.outbox.failures")
            .description(
                "Outbox batches not acknowledged by Kafka; their rows stay and are retried")
            .register(meters);
    this.batchTimer =
        Timer.builder("flowmesh.outbox.batch")
            .description(
                "Time to publish one outbox batch: send, delete, wait for acknowledgements")
            .publishPercentileHistogram()
            .register(meters);
    // The batch in flight finishes on stop: interrupting it would only roll it back, to be sent
    // again. It is interrupted only if that takes longer than sendTimeout.
    this.worker =
        new PollingThread(
            "outbox-relay",
            this,
            Duration.ofMillis(Math.max(1, properties.pollInterval().toMillis())),
            properties.sendTimeout());
  }

  /** Asks the relay to run now; cheap and safe to call from any thread. */
  void wake() {
    woken = true;
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  @Override
  public void start() {
    worker.start();
  }

  /**
   * Lets the batch in flight finish, publishes what the stopped writers committed last, then ends
   * ({@link #stopped}).
   */
  @Override
  public void stop() {
    worker.stop();
  }

  @Override
  public boolean isAutoStartup() {
    return properties.relayEnabled();
  }

  @Override
  public boolean isRunning() {
    return worker.isRunning();
  }

  /**
   * Start before and stop after everything that writes to the outbox: HTTP requests (Boot's web
   * server and its graceful shutdown run at {@code DEFAULT_PHASE - 2048} and {@code - 1024}) and
   * Kafka listener containers ({@code DEFAULT_PHASE - 100}). Lifecycles start in ascending and stop
   * in descending phase order.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  /** Publishes until the table is empty, then waits for a commit or the next poll. */
  @Override
  public PollingThread.Wait run() {
    long waitMillis = drain();
    return () -> pause(waitMillis, true);
  }

  /**
   * Commits do not cut the pause short: a batch Kafka keeps refusing would otherwise be sent again
   * (its good records duplicated) on every commit.
   */
  @Override
  public void backOff(long millis) throws InterruptedException {
    pause(millis, false);
  }

  @Override
  public void wakeNow() {
    signal.release();
  }

  @Override
  public void failed(RuntimeException e) {
    failedBatches.increment();
    log.warn("Outbox relay batch failed; its rows stay and are retried", e);
  }

  /** Waits up to {@code millis}; a wake ends the wait early if {@code wakeable}, stop always. */
  private void pause(long millis, boolean wakeable) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (worker.isRunning()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      if (signal.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        signal.drainPermits();
        if (wakeable) {
          return;
        }
      }
    }
  }

  /**
   * On stop: publishes what writers committed since the last look, so a graceful shutdown leaves
   * nothing for the next start.
   */
  @Override
  public void stopped() {
    if (!woken) {
      // Nothing was committed since the last look; do not touch a database that may be going
      // away with the application.
      return;
    }
    try {
      int sent;
      do {
        sent = relayOnce();
      } while (sent >= properties.batchSize() && !Thread.currentThread().isInterrupted());
    } catch (RuntimeException e) {
      log.info("Outbox relay stopped with rows left; they are published after the next start");
    }
  }

  /** Publishes until the table is empty; returns how long to wait before the next look. */
  private long drain() {
    woken = false;
    while (worker.isRunning()) {
      int sent = relayOnce();
      if (sent < 0) {
        return LOCKED_RETRY_MILLIS;
      }
      if (sent < properties.batchSize()) {
        return properties.pollInterval().toMillis();
      }
    }
    return 0;
  }

  /** Ids at or below this are published or will never exist (see {@link RelayFloor}). */
  long floor() {
    return floor.floor();
  }

  /** One transaction; returns the rows published, or -1 if another replica holds the lock. */
  int relayOnce() {
    long[] nextFloor = {floor.floor()};
    Integer sent =
        transactions.execute(
            status -> {
              Batch batch =
                  jdbc.query(
                      LOCK_AND_SELECT_BATCH, LOCKED_BATCH, floor.floor(), properties.batchSize());
              if (batch == null) {
                return -1;
              }
              List<OutboxRow> rows = batch.rows();
              nextFloor[0] =
                  floor.afterBatch(
                      batch.sequenceLast(),
                      batch.batchXid(),
                      batch.snapshotXmin(),
                      rows.isEmpty() ? 0 : rows.getLast().id(),
                      rows.size() >= properties.batchSize());
              if (rows.isEmpty()) {
                return 0;
              }
              // The batch was read in the snapshot its statement took before the lock was
              // granted, so rows another replica sent and deleted just before it let go of the lock
              // can still be in it. The DELETE, a statement of its own, sees that commit: only the
              // rows it deletes are sent. It commits only if Kafka acknowledged every one.
              List<OutboxRow> unsent = deleteUnsent(rows);
              Timer.Sample sample = Timer.start();
              awaitAcks(send(unsent));
              sample.stop(batchTimer);
              return unsent.size();
            });
    // reached only if the transaction committed: a batch that failed leaves the floor where it was
    floor.committed(nextFloor[0]);
    if (sent != null && sent > 0) {
      published.increment(sent);
    }
    return sent == null ? 0 : sent;
  }

  /**
   * Sends each row in a publish span of its own, child of the transaction that wrote it (its stored
   * trace context) and parent of whoever consumes it. Rows written without a trace context are sent
   * without one: a publish span would begin a trace of its own, which no one follows.
   */
  private List<Future<RecordMetadata>> send(List<OutboxRow> rows) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      OutboundEvent event = row.event();
      if (event.traceparent() == null) {
        acks.add(producer.send(CloudEventRecords.toRecord(event, source)));
        continue;
      }
      Span publish = spans.startPublish("publish " + event.topic(), event.traceparent());
      String sentWith = MessageSpans.traceparent(publish);
      OutboundEvent traced = sentWith == null ? event : event.withTraceparent(sentWith);
      acks.add(
          producer.send(
              CloudEventRecords.toRecord(traced, source),
              (metadata, error) -> {
                if (error != null) {
                  publish.error(error);
                }
                publish.end();
              }));
    }
    return acks;
  }

  private void awaitAcks(List<Future<RecordMetadata>> acks) {
    producer.flush();
    long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Kafka", e);
      } catch (Exception e) {
        // The transaction rolls back, undoing the DELETE: the whole batch is sent again and
        // consumers absorb the duplicates.
        throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
      }
    }
  }

  /** Deletes the batch's rows and returns those this transaction deleted, in id order. */
  private List<OutboxRow> deleteUnsent(List<OutboxRow> rows) {
    Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
    Set<Long> deleted = new HashSet<>();
    jdbc.query(
        connection -> {
          var statement =
              connection.prepareStatement("DELETE FROM outbox WHERE id = ANY(?) RETURNING id");
          Array array = connection.createArrayOf("bigint", ids);
          statement.setArray(1, array);
          return statement;
        },
        (RowCallbackHandler) rs -> deleted.add(rs.getLong(1)));
    if (deleted.size() == rows.size()) {
      return rows;
    }
    return rows.stream().filter(row -> deleted.contains(row.id())).toList();
  }
}
