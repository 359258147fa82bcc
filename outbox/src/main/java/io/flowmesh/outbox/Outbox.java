package io.flowmesh.outbox;

import io.flowmesh.messaging.UuidV7;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes messages into the outbox table within the caller's transaction.
 *
 * <p>Before inserting, it takes a transaction-scoped advisory lock per ordering key. Two
 * transactions writing the same key therefore draw their row ids in commit order, which is what
 * lets the relay publish each key in commit order by reading rows in id order. After commit it
 * wakes the relay, so a message does not wait for a poll.
 */
public class Outbox {

  /** First half of the two-int advisory lock space used for per-key locks. */
  static final int KEY_LOCK_SPACE = 0x0f10_0b01;

  /**
   * Advisory locks are database-wide while each service has its own schema (and outbox table) in
   * the shared database, so the schema is part of the locked key: services never wait for each
   * other's writers of the same key.
   */
  private static final String LOCK_KEYS =
      "SELECT count(*) FROM (SELECT pg_advisory_xact_lock("
          + KEY_LOCK_SPACE
          + ", h) FROM (SELECT DISTINCT hashtext(coalesce(current_schema(), '') || '/' || k) AS h"
          + " FROM unnest(?::text[]) AS k ORDER BY 1) AS keys) AS locked"
          + " WHERE pg_current_xact_id() IS NOT NULL";

  /**
   * All messages of a transaction in one statement, their ids drawn in the order given (the
   * ordinality): one statement instead of one per row is most of what an append costs. The key
   * locks are taken by the same statement, in a one-time filter: an uncorrelated subquery that
   * PostgreSQL evaluates once, before the first row and so before the first id is drawn. (A round
   * trip less per transaction; the order of locks and ids is what {@code OutboxRelayIT} proves.)
   * The same filter makes sure the transaction has its xid before it draws an id, which is what
   * lets the relay tell when every id up to a point has been committed or never will be ({@link
   * RelayFloor}).
   */
  private static final String INSERT =
      "INSERT INTO outbox (event_id, tenant, topic, message_key, event_type, subject, traceparent,"
          + " occurred_at, payload) SELECT e, t, tp, k, ty, s, tr, ?, p FROM unnest(?::uuid[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[]) WITH"
          + " ORDINALITY AS m(e, t, tp, k, ty, s, tr, p, n) WHERE ("
          + LOCK_KEYS
          + ") > 0 ORDER BY n";

  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final TraceparentSource traceparent;
  private final Runnable wakeRelay;

  Outbox(JdbcTemplate jdbc, JsonMapper json, TraceparentSource traceparent, Runnable wakeRelay) {
    this.jdbc = jdbc;
    this.json = json;
    this.traceparent = traceparent;
    this.wakeRelay = wakeRelay;
  }

  /** Appends one message; it is published only if the current transaction commits. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(OutboxMessage message) {
    appendAll(List.of(message));
  }

  /** Appends messages in the given order; they are published only if the transaction commits. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    String[] keys = messages.stream().map(OutboxMessage::key).distinct().toArray(String[]::new);
    Timestamp now = Timestamp.from(Instant.now());
    String trace = traceparent.current();
    int size = messages.size();
    UUID[] eventIds = new UUID[size];
    String[] tenants = new String[size];
    String[] topics = new String[size];
    String[] messageKeys = new String[size];
    String[] types = new String[size];
    String[] subjects = new String[size];
    String[] traces = new String[size];
    byte[][] payloads = new byte[size][];
    for (int i = 0; i < size; i++) {
      OutboxMessage message = messages.get(i);
      eventIds[i] = UuidV7.next();
      tenants[i] = message.tenant();
      topics[i] = message.topic();
      messageKeys[i] = message.key();
      types[i] = message.type();
      subjects[i] = message.subject();
      traces[i] = message.traceparent() == null ? trace : message.traceparent();
      payloads[i] = json.writeValueAsBytes(message.data());
    }
    jdbc.update(
        connection -> {
          var statement = connection.prepareStatement(INSERT);
          statement.setTimestamp(1, now);
          statement.setArray(2, connection.createArrayOf("uuid", eventIds));
          statement.setArray(3, connection.createArrayOf("text", tenants));
          statement.setArray(4, connection.createArrayOf("text", topics));
          statement.setArray(5, connection.createArrayOf("text", messageKeys));
          statement.setArray(6, connection.createArrayOf("text", types));
          statement.setArray(7, connection.createArrayOf("text", subjects));
          statement.setArray(8, connection.createArrayOf("text", traces));
          statement.setObject(9, payloads);
          statement.setArray(10, connection.createArrayOf("text", keys));
          return statement;
        });
    wakeRelayAfterCommit();
  }

  private void wakeRelayAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            wakeRelay.run();
          }
        });
  }
}
