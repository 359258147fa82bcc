package io.flowmesh.webhooks.delivery;

import io.flowmesh.model.TenantId;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queue depth and oldest undelivered age, aggregated per subscription: one series per subscription
 * with a backlog ({@code flowmesh.webhook.queue.depth}, {@code flowmesh.webhook.queue.oldest.age}),
 * never per key, so the cardinality follows the number of subscriptions rather than of keys.
 * Per-key figures are in the keys API. Across all subscriptions: the pending total ({@code
 * flowmesh.webhook.queue.pending}), the oldest pending age ({@code
 * flowmesh.webhook.queue.oldest.pending.age}), the longest per-key queue ({@code
 * flowmesh.webhook.queue.key.depth.max}) and how many keys wait ({@code
 * flowmesh.webhook.queue.keys.backlogged}). Recomputed every {@code
 * flowmesh.webhooks.operations.gauge-refresh} from the database, so every instance reports the same
 * totals (aggregate with max, not sum).
 */
@Component
class QueueGauges implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

  private final JdbcClient jdbc;
  private final OperationsProperties properties;
  private final MultiGauge depth;
  private final MultiGauge oldestAge;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestPendingSeconds = new AtomicLong();
  private final AtomicLong largestKeyDepth = new AtomicLong();
  private final AtomicLong backloggedKeys = new AtomicLong();
  private ScheduledExecutorService timer;

  QueueGauges(JdbcClient jdbc, OperationsProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.depth =
        MultiGauge.builder("flowmesh.webhook.queue.depth")
            .description("Pending webhook deliveries per subscription (all keys)")
            .register(meters);
    this.oldestAge =
        MultiGauge.builder("flowmesh.webhook.queue.oldest.age")
            .description("Age in seconds of the oldest pending delivery per subscription")
            .baseUnit("seconds")
            .register(meters);
    // The per-subscription series exist only while a subscription has a backlog; these always do.
    gauge(
        meters,
        "flowmesh.webhook.queue.pending",
        pending,
        null,
        "Pending deliveries, all subscriptions");
    gauge(
        meters,
        "flowmesh.webhook.queue.oldest.pending.age",
        oldestPendingSeconds,
        "seconds",
        "Age of the oldest pending delivery, all subscriptions; 0 if none");
    gauge(
        meters,
        "flowmesh.webhook.queue.key.depth.max",
        largestKeyDepth,
        null,
        "Pending deliveries of the longest per-key queue, all subscriptions");
    gauge(
        meters,
        "flowmesh.webhook.queue.keys.backlogged",
        backloggedKeys,
        null,
        "Per-key queues with at least one pending delivery");
  }

  private static void gauge(
      MeterRegistry meters, String name, AtomicLong value, String baseUnit, String description) {
    Gauge.builder(name, value, AtomicLong::get)
        .baseUnit(baseUnit)
        .description(description)
        .register(meters);
  }

  void refresh() {
    try {
      List<Row> rows =
          jdbc.sql(
                  "SELECT tenant, subscription_id, count(*) AS depth,"
                      + " extract(epoch FROM now() - min(created_at)) AS age"
                      + " FROM deliveries WHERE status = 'PENDING'"
                      + " GROUP BY tenant, subscription_id")
              .query(
                  (rs, i) ->
                      new Row(
                          TenantId.of(rs.getString("tenant")),
                          SubscriptionId.of(rs.getString("subscription_id")),
                          rs.getLong("depth"),
                          rs.getDouble("age")))
              .list();
      depth.register(
          rows.stream()
              .map(r -> MultiGauge.Row.of(r.tags(), r.depth()))
              .collect(java.util.stream.Collectors.toList()),
          true);
      oldestAge.register(
          rows.stream()
              .map(r -> MultiGauge.Row.of(r.tags(), r.age()))
              .collect(java.util.stream.Collectors.toList()),
          true);
      pending.set(rows.stream().mapToLong(Row::depth).sum());
      oldestPendingSeconds.set((long) rows.stream().mapToDouble(Row::age).max().orElse(0));
      jdbc.sql(
              "SELECT coalesce(max(n), 0) AS largest, count(*) AS keys FROM (SELECT count(*) AS n"
                  + " FROM deliveries WHERE status = 'PENDING'"
                  + " GROUP BY subscription_id, ordering_key) AS per_key")
          .query(
              rs -> {
                rs.next();
                largestKeyDepth.set(rs.getLong("largest"));
                backloggedKeys.set(rs.getLong("keys"));
                return null;
              });
    } catch (RuntimeException e) {
      log.debug("Refreshing the webhook queue gauges failed; keeping the last values", e);
    }
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-queue-gauges").daemon().factory());
    long period = properties.gaugeRefresh().toMillis();
    timer.scheduleWithFixedDelay(this::refresh, 0, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }

  private record Row(TenantId tenant, SubscriptionId subscriptionId, long depth, double age) {
    Tags tags() {
      return Tags.of("tenant", tenant.value(), "subscription", subscriptionId.value());
    }
  }
}
