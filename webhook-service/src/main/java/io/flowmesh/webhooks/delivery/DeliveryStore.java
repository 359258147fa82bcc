package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.webhook.WebhookDeliveryDeadLettered;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery queues in PostgreSQL.
 *
 * <p>Invariant: of the PENDING deliveries of one queue (subscription, ordering key) only the head,
 * the one with the lowest {@code seq}, has a {@code next_attempt_at}; the others wait with NULL.
 * The engine's scan therefore touches heads only. Whoever ends a head (delivered or dead) and
 * whoever appends to a queue first lock the queue's {@code delivery_queues} row, then schedule the
 * queue's head if it has none scheduled: whichever of the two commits second sees the other's rows,
 * so a new head is never missed. The claim additionally checks that no lower {@code seq} is
 * PENDING, so order holds even if the invariant were ever broken.
 */
@Repository
class DeliveryStore {

  private static final String UPSERT_QUEUES =
      "INSERT INTO delivery_queues (tenant, subscription_id, ordering_key, last_seq)"
          + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[])"
          + " ON CONFLICT (subscription_id, ordering_key)"
          + " DO UPDATE SET last_seq = delivery_queues.last_seq + EXCLUDED.last_seq"
          + " RETURNING subscription_id, ordering_key, last_seq";

  private static final String INSERT_DELIVERIES =
      "INSERT INTO deliveries (tenant, id, subscription_id, ordering_key, seq, event_id,"
          + " event_type, payload, status, last_error, attempts, next_attempt_at, created_at,"
          + " replay_of, traceparent)"
          + " SELECT t, i, s, k, q, e, ty, p, CASE WHEN err IS NULL THEN 'PENDING' ELSE 'DEAD' END,"
          + " err, 0, NULL, clock_timestamp(), r, tp"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
          + " AS u(t, i, s, k, q, e, ty, p, err, r, tp)"
          + " ON CONFLICT (subscription_id, event_id) WHERE replay_of IS NULL DO NOTHING"
          + " RETURNING id";

  /** Schedules the head of each given queue unless it is already scheduled (or leased). */
  private static final String SCHEDULE_HEADS =
      "UPDATE deliveries d SET next_attempt_at = now() + ?::bigint * interval '1 millisecond'"
          + " FROM unnest(?::text[], ?::text[]) AS q(subscription_id, ordering_key)"
          + " CROSS JOIN LATERAL (SELECT h.id FROM deliveries h"
          + "   WHERE h.subscription_id = q.subscription_id AND h.ordering_key = q.ordering_key"
          + "   AND h.status = 'PENDING' ORDER BY h.seq LIMIT 1) head"
          + " WHERE d.id = head.id AND d.next_attempt_at IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM delivery_queues b WHERE b.subscription_id ="
          + "   q.subscription_id AND b.ordering_key = q.ordering_key AND b.blocked_by IS NOT NULL)";

  /** What a claim returns: the delivery and what sending it needs of its subscription. */
  private static final String CLAIMED_COLUMNS =
      " RETURNING d.id, d.tenant, d.subscription_id, d.ordering_key, d.seq, d.attempts,"
          + "   d.payload, d.created_at, d.event_id, d.event_type, s.url, s.secret,"
          + "   CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END"
          + "   AS previous_secret, s.failure_policy, s.rate_limit,"
          + "   s.failing_since IS NOT NULL AS failing, d.traceparent";

  /**
   * Due heads of active subscriptions, locked without waiting for rows another worker holds, then
   * leased: the attempt counter doubles as the fencing token of this claim.
   */
  private static final String CLAIM =
      // The head, active-subscription and not-blocked checks are scalar subqueries on purpose:
      // PostgreSQL runs each as a parameterized index probe per due head. Written as NOT EXISTS
      // they become anti-joins, and when the statistics still say "nothing pending" (a burst right
      // after a quiet period) the planner made them unparameterized scans of every pending row
      // per head: 5 s per claim, measured. See ADR 0008.
      "WITH due AS ("
          + "  SELECT d.id FROM deliveries d"
          + "  WHERE d.status = 'PENDING' AND d.next_attempt_at IS NOT NULL"
          + "  AND d.next_attempt_at <= now()"
          + "  AND (SELECT s.state FROM subscriptions s WHERE s.id = d.subscription_id) = 'ACTIVE'"
          + "  AND (SELECT min(p.seq) FROM deliveries p WHERE p.subscription_id = d.subscription_id"
          + "    AND p.ordering_key = d.ordering_key AND p.status = 'PENDING') = d.seq"
          + "  AND (SELECT b.blocked_by FROM delivery_queues b WHERE b.subscription_id ="
          + "    d.subscription_id AND b.ordering_key = d.ordering_key) IS NULL"
          + "  ORDER BY d.next_attempt_at LIMIT ?"
          + "  FOR UPDATE OF d SKIP LOCKED)"
          + " UPDATE deliveries d SET attempts = d.attempts + 1,"
          + "   next_attempt_at = now() + ?::bigint * interval '1 millisecond'"
          + " FROM due, subscriptions s"
          + " WHERE d.id = due.id AND s.id = d.subscription_id"
          + CLAIMED_COLUMNS;

  /**
   * Claims the next delivery of queues whose head was just confirmed, in the confirming transaction
   * (which holds the queues' row locks): the successor is leased to the worker that sent its
   * predecessor instead of being scheduled for the dispatcher to claim. Same checks as {@link
   * #CLAIM}: lowest PENDING seq, not scheduled or leased yet, key not blocked, subscription active.
   */
  private static final String HAND_OFF =
      "WITH next AS ("
          + "  SELECT head.id FROM unnest(?::text[], ?::text[]) AS q(subscription_id, ordering_key)"
          + "  CROSS JOIN LATERAL (SELECT h.id, h.next_attempt_at FROM deliveries h"
          + "    WHERE h.subscription_id = q.subscription_id AND h.ordering_key = q.ordering_key"
          + "    AND h.status = 'PENDING' ORDER BY h.seq LIMIT 1) head"
          + "  WHERE head.next_attempt_at IS NULL"
          + "  AND (SELECT b.blocked_by FROM delivery_queues b WHERE b.subscription_id ="
          + "    q.subscription_id AND b.ordering_key = q.ordering_key) IS NULL)"
          + " UPDATE deliveries d SET attempts = d.attempts + 1,"
          + "   next_attempt_at = now() + ?::bigint * interval '1 millisecond'"
          + " FROM next, subscriptions s"
          + " WHERE d.id = next.id AND s.id = d.subscription_id AND s.state = 'ACTIVE'"
          + CLAIMED_COLUMNS;

  /**
   * Refills the bucket for the time since the last refill (capped at one second's worth) and takes
   * a token if one is there; no row returned means no token.
   */
  private static final String TAKE_TOKEN =
      "UPDATE subscriptions SET rate_tokens = least(rate_limit::float8,"
          + "   coalesce(rate_tokens, rate_limit::float8) + rate_limit"
          + "   * extract(epoch FROM clock_timestamp() - coalesce(rate_refilled_at, clock_timestamp())))"
          + "   - 1, rate_refilled_at = clock_timestamp()"
          + " WHERE id = ? AND rate_limit IS NOT NULL AND least(rate_limit::float8,"
          + "   coalesce(rate_tokens, rate_limit::float8) + rate_limit"
          + "   * extract(epoch FROM clock_timestamp() - coalesce(rate_refilled_at, clock_timestamp())))"
          + "   >= 1 RETURNING rate_tokens";

  private static final String INSERT_ATTEMPT =
      "INSERT INTO delivery_attempts (tenant, delivery_id, attempt, attempted_at, status_code,"
          + " latency_ms, response_excerpt, error)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?)";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Outbox outbox;

  DeliveryStore(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
  }

  /**
   * Appends deliveries to their queues in list order, within the caller's transaction. Events
   * already queued for a subscription (a redelivered Kafka record) are skipped.
   *
   * @param firstDelay delay of the first attempt of a delivery that becomes a head
   * @return the ids of the new ones
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Set<DeliveryId> append(List<NewDelivery> deliveries, Duration firstDelay) {
    if (deliveries.isEmpty()) {
      return Set.of();
    }
    Map<QueueKey, Integer> counts = new LinkedHashMap<>();
    Map<QueueKey, TenantId> tenantOf = new HashMap<>();
    for (NewDelivery delivery : deliveries) {
      QueueKey key = QueueKey.of(delivery);
      counts.merge(key, 1, Integer::sum);
      tenantOf.put(key, delivery.tenant());
    }
    // A fixed lock order, so two appenders (e.g. during a rebalance) cannot deadlock.
    List<QueueKey> queues = new ArrayList<>(counts.keySet());
    queues.sort(
        Comparator.comparing(QueueKey::subscriptionId).thenComparing(QueueKey::orderingKey));
    Map<QueueKey, Long> nextSeq = new HashMap<>();
    jdbc.sql(UPSERT_QUEUES)
        .params(
            queues.stream().map(q -> tenantOf.get(q).value()).toArray(String[]::new),
            queues.stream().map(q -> q.subscriptionId().value()).toArray(String[]::new),
            queues.stream().map(QueueKey::orderingKey).toArray(String[]::new),
            queues.stream().map(q -> (long) counts.get(q)).toArray(Long[]::new))
        .query(
            (RowCallbackHandler)
                rs -> {
                  QueueKey key =
                      new QueueKey(
                          SubscriptionId.of(rs.getString("subscription_id")),
                          rs.getString("ordering_key"));
                  nextSeq.put(key, rs.getLong("last_seq") - counts.get(key) + 1);
                });
    int n = deliveries.size();
    String[] tenants = new String[n];
    String[] ids = new String[n];
    String[] subscriptions = new String[n];
    String[] keys = new String[n];
    Long[] seqs = new Long[n];
    String[] eventIds = new String[n];
    String[] types = new String[n];
    String[] payloads = new String[n];
    String[] errors = new String[n];
    String[] replayOf = new String[n];
    String[] traceparents = new String[n];
    for (int i = 0; i < n; i++) {
      NewDelivery d = deliveries.get(i);
      QueueKey key = QueueKey.of(d);
      long seq = nextSeq.get(key);
      nextSeq.put(key, seq + 1);
      tenants[i] = d.tenant().value();
      ids[i] = d.id().value();
      subscriptions[i] = d.subscriptionId().value();
      keys[i] = d.orderingKey();
      seqs[i] = seq;
      eventIds[i] = d.eventId();
      types[i] = d.eventType();
      payloads[i] = d.payload();
      errors[i] = d.deadOnArrival();
      replayOf[i] = d.replayOf() == null ? null : d.replayOf().value();
      traceparents[i] = d.traceparent();
    }
    Set<DeliveryId> inserted =
        new HashSet<>(
            jdbc.sql(INSERT_DELIVERIES)
                .params(
                    tenants,
                    ids,
                    subscriptions,
                    keys,
                    seqs,
                    eventIds,
                    types,
                    payloads,
                    errors,
                    replayOf,
                    traceparents)
                .query((rs, i) -> DeliveryId.of(rs.getString("id")))
                .list());
    scheduleHeads(queues, firstDelay);
    return inserted;
  }

  /** Claims up to {@code limit} due heads for one attempt each, leased for {@code lease}. */
  List<ClaimedDelivery> claim(int limit, Duration lease) {
    return jdbc.sql(CLAIM).params(limit, lease.toMillis()).query(DeliveryStore::claimed).list();
  }

  private static ClaimedDelivery claimed(java.sql.ResultSet rs, int row)
      throws java.sql.SQLException {
    return new ClaimedDelivery(
        DeliveryId.of(rs.getString("id")),
        TenantId.of(rs.getString("tenant")),
        SubscriptionId.of(rs.getString("subscription_id")),
        rs.getString("ordering_key"),
        rs.getLong("seq"),
        rs.getInt("attempts"),
        rs.getString("payload"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getString("url"),
        rs.getString("secret"),
        rs.getString("previous_secret"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        "BLOCK".equals(rs.getString("failure_policy")),
        (Integer) rs.getObject("rate_limit"),
        rs.getBoolean("failing"),
        rs.getString("traceparent"));
  }

  /**
   * Confirms many heads in one transaction (group commit): locks their queues in the same order as
   * ingestion does, marks them DELIVERED (each fenced by its attempt number), hands the next
   * delivery of each queue whose completion asks for it straight to its worker (claimed, leased),
   * schedules the next head of the other queues and records the attempts. One commit for the whole
   * batch is what lets the engine pass the database's commit rate; the hand-off spares the
   * successor a separate claim.
   *
   * @param firstDelay delay of the first attempt of a new head; only a zero delay allows hand-off
   * @param lease the lease of a handed-off successor
   * @return the ids whose claim still held (the others were claimed again after their lease), and
   *     the successors handed off, by the id of the confirmed predecessor
   */
  Confirmed deliveredAll(List<Completion> completions, Duration firstDelay, Duration lease) {
    if (completions.isEmpty()) {
      return Confirmed.NONE;
    }
    Confirmed confirmed =
        transactions.execute(
            tx -> {
              List<QueueKey> queues =
                  completions.stream()
                      .map(c -> QueueKey.of(c.delivery()))
                      .distinct()
                      .sorted(
                          Comparator.comparing(QueueKey::subscriptionId)
                              .thenComparing(QueueKey::orderingKey))
                      .toList();
              jdbc.sql(
                      "SELECT q.last_seq FROM unnest(?::text[], ?::text[]) WITH ORDINALITY"
                          + " AS u(s, k, n) JOIN delivery_queues q ON q.subscription_id = u.s"
                          + " AND q.ordering_key = u.k ORDER BY u.n FOR UPDATE OF q")
                  .params(
                      queues.stream().map(q -> q.subscriptionId().value()).toArray(String[]::new),
                      queues.stream().map(QueueKey::orderingKey).toArray(String[]::new))
                  .query(Long.class)
                  .list();
              Set<DeliveryId> done =
                  new HashSet<>(
                      jdbc.sql(
                              "UPDATE deliveries d SET status = 'DELIVERED', next_attempt_at ="
                                  + " NULL, last_error = NULL, delivered_at = now()"
                                  + " FROM unnest(?::text[], ?::int[]) AS u(id, attempt)"
                                  + " WHERE d.id = u.id AND d.attempts = u.attempt"
                                  + " AND d.status = 'PENDING' RETURNING d.id")
                          .params(
                              completions.stream()
                                  .map(c -> c.delivery().id().value())
                                  .toArray(String[]::new),
                              completions.stream()
                                  .map(c -> c.delivery().attempt())
                                  .toArray(Integer[]::new))
                          .query((rs, i) -> DeliveryId.of(rs.getString("id")))
                          .list());
              Map<DeliveryId, ClaimedDelivery> successors =
                  handOff(
                      completions.stream()
                          .filter(c -> c.handOff() && done.contains(c.delivery().id()))
                          .toList(),
                      firstDelay,
                      lease);
              scheduleHeads(
                  completions.stream()
                      .filter(
                          c ->
                              done.contains(c.delivery().id())
                                  && !successors.containsKey(c.delivery().id()))
                      .map(c -> QueueKey.of(c.delivery()))
                      .distinct()
                      .toList(),
                  firstDelay);
              String[] recovered =
                  completions.stream()
                      .filter(c -> c.delivery().endpointFailing())
                      .map(c -> c.delivery().subscriptionId().value())
                      .distinct()
                      .toArray(String[]::new);
              if (recovered.length > 0) {
                jdbc.sql(
                        "UPDATE subscriptions SET failing_since = NULL WHERE id = ANY(?)"
                            + " AND failing_since IS NOT NULL")
                    .params((Object) recovered)
                    .update();
              }
              recordAttempts(completions);
              return new Confirmed(done, successors);
            });
    return confirmed == null ? Confirmed.NONE : confirmed;
  }

  /**
   * Claims the successors of confirmed heads within the confirming transaction.
   *
   * @return the successors, by the id of their confirmed predecessor
   */
  private Map<DeliveryId, ClaimedDelivery> handOff(
      List<Completion> confirmed, Duration firstDelay, Duration lease) {
    if (confirmed.isEmpty() || !firstDelay.isZero()) {
      return Map.of();
    }
    Map<QueueKey, DeliveryId> predecessorOf = new HashMap<>();
    confirmed.forEach(c -> predecessorOf.put(QueueKey.of(c.delivery()), c.delivery().id()));
    Map<DeliveryId, ClaimedDelivery> successors = new HashMap<>();
    jdbc.sql(HAND_OFF)
        .params(
            predecessorOf.keySet().stream()
                .map(q -> q.subscriptionId().value())
                .toArray(String[]::new),
            predecessorOf.keySet().stream().map(QueueKey::orderingKey).toArray(String[]::new),
            lease.toMillis())
        .query(DeliveryStore::claimed)
        .list()
        .forEach(next -> successors.put(predecessorOf.get(QueueKey.of(next)), next));
    return successors;
  }

  /**
   * One finished attempt.
   *
   * @param delivery what was attempted
   * @param result how it went
   * @param handOff whether the worker takes the queue's next delivery if this one is confirmed
   */
  record Completion(ClaimedDelivery delivery, AttemptResult result, boolean handOff) {}

  /**
   * What a group commit confirmed.
   *
   * @param ids the confirmed deliveries
   * @param successors the next deliveries claimed for their workers, by predecessor id
   */
  record Confirmed(Set<DeliveryId> ids, Map<DeliveryId, ClaimedDelivery> successors) {
    static final Confirmed NONE = new Confirmed(Set.of(), Map.of());
  }

  private void recordAttempts(List<Completion> completions) {
    int n = completions.size();
    String[] tenants = new String[n];
    String[] ids = new String[n];
    Integer[] attempts = new Integer[n];
    Timestamp[] at = new Timestamp[n];
    Integer[] statuses = new Integer[n];
    Long[] latencies = new Long[n];
    String[] excerpts = new String[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      Completion c = completions.get(i);
      tenants[i] = c.delivery().tenant().value();
      ids[i] = c.delivery().id().value();
      attempts[i] = c.delivery().attempt();
      at[i] = Timestamp.from(c.result().attemptedAt());
      statuses[i] = c.result().statusCode();
      latencies[i] = c.result().latencyMillis();
      excerpts[i] = c.result().responseExcerpt();
      errors[i] = c.result().error();
    }
    jdbc.sql(
            "INSERT INTO delivery_attempts (tenant, delivery_id, attempt, attempted_at,"
                + " status_code, latency_ms, response_excerpt, error)"
                + " SELECT u.* FROM unnest(?::text[], ?::text[], ?::int[], ?::timestamptz[],"
                + " ?::int[], ?::bigint[], ?::text[], ?::text[])"
                + " AS u(t, d, a, at, sc, l, ex, er)"
                + " WHERE EXISTS (SELECT 1 FROM deliveries x WHERE x.id = u.d)")
        .params(tenants, ids, attempts, at, statuses, latencies, excerpts, errors)
        .update();
  }

  /**
   * Dead-letters the head and tells operators (platform event, same transaction). Under the skip
   * policy the queue's next delivery is scheduled; under block the queue waits for an operator.
   */
  boolean dead(ClaimedDelivery delivery, AttemptResult result, Duration firstDelay) {
    return end(delivery, result, "DEAD", firstDelay);
  }

  /**
   * Records a failed attempt and schedules the next one; also notes since when the endpoint has
   * been failing.
   *
   * @return since when the endpoint has been failing without a success in between, or empty if the
   *     claim was lost
   */
  Optional<Duration> retryLater(ClaimedDelivery delivery, AttemptResult result, Duration delay) {
    return transactions.execute(
        status -> {
          int rows =
              jdbc.sql(
                      "UPDATE deliveries SET next_attempt_at = now() + ?::bigint * interval '1"
                          + " millisecond', last_error = ?"
                          + " WHERE id = ? AND status = 'PENDING' AND attempts = ?")
                  .params(
                      delay.toMillis(), result.error(), delivery.id().value(), delivery.attempt())
                  .update();
          recordAttempt(delivery, result);
          if (rows != 1) {
            return Optional.<Duration>empty();
          }
          return endpointFailing(delivery.subscriptionId());
        });
  }

  /**
   * Takes one token from the subscription's bucket (capacity: one second's worth) in one atomic
   * statement on the subscription row, so every instance draws from the same bucket.
   */
  boolean takeToken(SubscriptionId subscriptionId) {
    return jdbc.sql(TAKE_TOKEN)
        .params(subscriptionId.value())
        .query(Double.class)
        .optional()
        .isPresent();
  }

  /** Gives a claim back unused (no token): the next attempt is the same attempt number. */
  void release(ClaimedDelivery delivery, Duration delay) {
    jdbc.sql(
            "UPDATE deliveries SET attempts = attempts - 1,"
                + " next_attempt_at = now() + ?::bigint * interval '1 millisecond'"
                + " WHERE id = ? AND status = 'PENDING' AND attempts = ?")
        .params(delay.toMillis(), delivery.id().value(), delivery.attempt())
        .update();
  }

  private Optional<Duration> endpointFailing(SubscriptionId subscriptionId) {
    return jdbc.sql(
            "UPDATE subscriptions SET failing_since = COALESCE(failing_since, now()) WHERE id = ?"
                + " RETURNING (extract(epoch FROM now() - failing_since) * 1000)::bigint")
        .params(subscriptionId.value())
        .query(Long.class)
        .optional()
        .map(Duration::ofMillis);
  }

  private boolean end(
      ClaimedDelivery delivery, AttemptResult result, String status, Duration firstDelay) {
    Boolean updated =
        transactions.execute(
            tx -> {
              lockQueue(delivery.subscriptionId(), delivery.orderingKey());
              int rows =
                  jdbc.sql(
                          "UPDATE deliveries SET status = ?, next_attempt_at = NULL, last_error = ?,"
                              + " delivered_at = CASE WHEN ? = 'DELIVERED' THEN now() END"
                              + " WHERE id = ? AND status = 'PENDING' AND attempts = ?")
                      .params(
                          status, result.error(), status, delivery.id().value(), delivery.attempt())
                      .update();
              boolean dead = "DEAD".equals(status);
              if (rows == 1 && dead && delivery.blockOnDeath()) {
                jdbc.sql(
                        "UPDATE delivery_queues SET blocked_by = ?"
                            + " WHERE subscription_id = ? AND ordering_key = ?")
                    .params(
                        delivery.id().value(),
                        delivery.subscriptionId().value(),
                        delivery.orderingKey())
                    .update();
              } else if (rows == 1) {
                scheduleHeads(
                    List.of(new QueueKey(delivery.subscriptionId(), delivery.orderingKey())),
                    firstDelay);
              }
              if (rows == 1 && dead) {
                deadLettered(
                    delivery.tenant(),
                    new WebhookDeliveryDeadLettered(
                        delivery.subscriptionId().value(),
                        delivery.id().value(),
                        delivery.orderingKey(),
                        delivery.eventId(),
                        delivery.eventType(),
                        delivery.attempt(),
                        result.error(),
                        delivery.blockOnDeath(),
                        Instant.now()));
              } else if (rows == 1 && delivery.endpointFailing()) {
                jdbc.sql("UPDATE subscriptions SET failing_since = NULL WHERE id = ?")
                    .params(delivery.subscriptionId().value())
                    .update();
              }
              recordAttempt(delivery, result);
              return rows == 1;
            });
    return Boolean.TRUE.equals(updated);
  }

  /** The platform event for a dead letter, within the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  void deadLettered(TenantId tenant, WebhookDeliveryDeadLettered event) {
    outbox.append(
        new OutboxMessage(
            Topics.PLATFORM_EVENTS,
            event.subscriptionId(),
            EventTypes.WEBHOOK_DELIVERY_DEAD_LETTERED,
            event.deliveryId(),
            tenant.value(),
            event));
  }

  /**
   * Lets a blocked key go on: {@code retry} makes its dead head PENDING again (it is still the
   * lowest seq, so it goes first; attempt numbers restart), {@code skip} leaves it dead and
   * schedules the next delivery.
   *
   * @return the id of the delivery that blocked the key, or empty if the key was not blocked
   */
  @Transactional
  Optional<DeliveryId> unblock(
      TenantId tenant,
      SubscriptionId subscriptionId,
      String orderingKey,
      boolean retry,
      Duration firstDelay) {
    Optional<DeliveryId> blockedBy =
        jdbc.sql(
                "SELECT blocked_by FROM delivery_queues WHERE tenant = ? AND subscription_id = ?"
                    + " AND ordering_key = ? AND blocked_by IS NOT NULL FOR UPDATE")
            .params(tenant.value(), subscriptionId.value(), orderingKey)
            .query((rs, i) -> DeliveryId.of(rs.getString("blocked_by")))
            .optional();
    if (blockedBy.isEmpty()) {
      return blockedBy;
    }
    jdbc.sql(
            "UPDATE delivery_queues SET blocked_by = NULL WHERE subscription_id = ? AND"
                + " ordering_key = ?")
        .params(subscriptionId.value(), orderingKey)
        .update();
    if (retry) {
      jdbc.sql(
              "UPDATE deliveries SET status = 'PENDING', attempts = 0, last_error = NULL,"
                  + " next_attempt_at = NULL WHERE id = ? AND status = 'DEAD'")
          .param(blockedBy.get().value())
          .update();
    }
    scheduleHeads(List.of(new QueueKey(subscriptionId, orderingKey)), firstDelay);
    return blockedBy;
  }

  private void lockQueue(SubscriptionId subscriptionId, String orderingKey) {
    jdbc.sql(
            "SELECT last_seq FROM delivery_queues WHERE subscription_id = ? AND ordering_key = ?"
                + " FOR UPDATE")
        .params(subscriptionId.value(), orderingKey)
        .query(Long.class)
        .optional();
  }

  private void scheduleHeads(List<QueueKey> queues, Duration firstDelay) {
    if (queues.isEmpty()) {
      return; // e.g. every confirmed head's successor was handed off: spare the round trip
    }
    jdbc.sql(SCHEDULE_HEADS)
        .params(
            firstDelay.toMillis(),
            queues.stream().map(q -> q.subscriptionId().value()).toArray(String[]::new),
            queues.stream().map(QueueKey::orderingKey).toArray(String[]::new))
        .update();
  }

  private void recordAttempt(ClaimedDelivery delivery, AttemptResult result) {
    jdbc.sql(INSERT_ATTEMPT)
        .params(
            delivery.tenant().value(),
            delivery.id().value(),
            delivery.attempt(),
            Timestamp.from(result.attemptedAt()),
            result.statusCode(),
            result.latencyMillis(),
            result.responseExcerpt(),
            result.error(),
            delivery.id().value())
        .update();
  }

  /** A queue: one subscription's deliveries of one ordering key. */
  private record QueueKey(SubscriptionId subscriptionId, String orderingKey) {
    static QueueKey of(NewDelivery delivery) {
      return new QueueKey(delivery.subscriptionId(), delivery.orderingKey());
    }

    static QueueKey of(ClaimedDelivery delivery) {
      return new QueueKey(delivery.subscriptionId(), delivery.orderingKey());
    }
  }
}
