package io.flowmesh.webhooks.delivery;

import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.webhooks.subscription.Subscriptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Delivers queued webhooks: one dispatcher claims due queue heads (FOR UPDATE SKIP LOCKED, leased)
 * and hands each to a virtual thread, at most {@code concurrency} at once; each attempt runs
 * outside any transaction and its outcome is recorded in a short one.
 *
 * <p>The dispatcher runs when woken (ingestion committed new deliveries, a head was confirmed so
 * the next of its key is due, a worker slot came free, a short retry delay elapsed) and every
 * {@code pollInterval} otherwise, which also picks up work of other instances and expired leases.
 */
class DeliveryEngine implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);

  private final MessageSpans spans;
  private final DeliveryStore store;
  private final WebhookSender sender;
  private final RetryPolicy policy;
  private final Subscriptions subscriptions;
  private final DeliveryProperties properties;
  private final Clock clock;
  private final AtomicInteger inFlight;
  private final DeliveryMetrics metrics;
  private final Semaphore signal = new Semaphore(0);
  private final CompletionBatcher completions;

  private volatile boolean running;
  private Thread dispatcher;
  private ExecutorService workers;
  private ScheduledExecutorService timer;

  DeliveryEngine(
      DeliveryStore store,
      WebhookSender sender,
      RetryPolicy policy,
      Subscriptions subscriptions,
      DeliveryProperties properties,
      Clock clock,
      AtomicInteger inFlight,
      DeliveryMetrics metrics,
      MessageSpans spans) {
    this.spans = spans;
    this.store = store;
    this.sender = sender;
    this.policy = policy;
    this.subscriptions = subscriptions;
    this.properties = properties;
    this.clock = clock;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.completions =
        new CompletionBatcher(
            store,
            policy.firstDelay(),
            properties.lease(),
            properties.commitBatchSize(),
            this::wake);
  }

  /** Asks the dispatcher to look for due deliveries now; cheap, callable from any thread. */
  void wake() {
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  @Override
  public void start() {
    workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory());
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-timer").daemon().factory());
    running = true;
    completions.start();
    dispatcher = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::dispatch);
  }

  @Override
  public void stop() {
    running = false;
    if (dispatcher == null) {
      return;
    }
    dispatcher.interrupt();
    timer.shutdownNow();
    workers.shutdown();
    try {
      dispatcher.join(1000);
      // In-flight attempts finish and record their outcome; whatever does not make it in time is
      // attempted again after its lease expires.
      if (!workers.awaitTermination(
          properties.attemptTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
      completions.stop();
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isAutoStartup() {
    return properties.enabled();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Starts late and stops early; in-flight attempts record their outcome during stop(), while
    // the DataSource is still open (beans are destroyed only after all lifecycles stopped).
    return Integer.MAX_VALUE - 200;
  }

  private void dispatch() {
    long pollMillis = properties.pollInterval().toMillis();
    while (running) {
      try {
        signal.drainPermits();
        int capacity = properties.concurrency() - inFlight.get();
        if (capacity > 0) {
          List<ClaimedDelivery> claimed = store.claim(capacity, properties.lease());
          for (ClaimedDelivery delivery : claimed) {
            inFlight.incrementAndGet();
            workers.execute(() -> attempt(delivery));
          }
          if (claimed.size() == capacity) {
            continue; // more may be due right now
          }
        }
        signal.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Claiming webhook deliveries failed; trying again in {} ms", pollMillis, e);
        sleep(pollMillis);
      }
    }
  }

  /**
   * Attempts a claimed delivery and then, as long as its key's successors are handed over on
   * confirmation, those too: at most {@code hand-off-limit} successors in a row, after which the
   * key's next delivery queues up behind the heads that have been waiting for a slot.
   */
  private void attempt(ClaimedDelivery claimed) {
    ClaimedDelivery delivery = claimed;
    int handedOff = 0;
    try {
      while (delivery != null) {
        boolean handOff = running && handedOff < properties.handOffLimit();
        ClaimedDelivery successor = attemptOne(delivery, handOff);
        delivery = successor;
        handedOff++;
      }
    } finally {
      inFlight.decrementAndGet();
      wake();
    }
  }

  /**
   * One attempt and its outcome.
   *
   * @return the key's next delivery if it was handed to this worker, else null
   */
  private ClaimedDelivery attemptOne(ClaimedDelivery delivery, boolean handOff) {
    try {
      if (delivery.rateLimit() != null && !store.takeToken(delivery.subscriptionId())) {
        // Over the subscription's rate: back to the queue untried, for when a token is due.
        Duration wait = Duration.ofMillis(Math.max(1, 1000 / delivery.rateLimit()));
        store.release(delivery, wait);
        wakeAfter(wait);
        return null;
      }
      AttemptResult result = send(delivery);
      metrics.attempt(result);
      return settle(delivery, result, handOff);
    } catch (RuntimeException e) {
      // Typically the database: the lease expires and the attempt is made again.
      log.warn(
          "Webhook delivery {} attempt {} could not be recorded; it is retried after its lease",
          delivery.id(),
          delivery.attempt(),
          e);
      return null;
    }
  }

  /** One attempt in a span of its own, child of the event's: the last hop of the run's trace. */
  private AttemptResult send(ClaimedDelivery delivery) {
    try (MessageSpans.Scope span = spans.open("webhook delivery", delivery.traceparent())) {
      span.span()
          .tag("flowmesh.subscription_id", delivery.subscriptionId().value())
          .tag("flowmesh.delivery_id", delivery.id().value())
          .tag("flowmesh.attempt", String.valueOf(delivery.attempt()));
      AttemptResult result = sender.send(delivery, MessageSpans.traceparent(span.span()));
      span.span().tag("flowmesh.outcome", result.outcome().name());
      return result;
    }
  }

  private ClaimedDelivery settle(ClaimedDelivery delivery, AttemptResult result, boolean handOff) {
    switch (result.outcome()) {
      case SUCCESS -> {
        CompletionBatcher.Settled settled = completions.submit(delivery, result, handOff).join();
        if (settled.confirmed()) {
          metrics.delivered(delivery.createdAt(), clock.instant());
        }
        return settled.successor();
      }
      case GONE -> {
        if (subscriptions.disable(
            delivery.tenant(), delivery.subscriptionId(), "endpoint answered 410 Gone")) {
          log.info(
              "Disabled webhook subscription {}: its endpoint answered 410 Gone",
              delivery.subscriptionId());
        }
        // The delivery keeps its place: it resumes if the subscription is enabled again.
        store.retryLater(
            delivery, result, policy.delayAfter(delivery.attempt(), result.retryAfter()));
        return null;
      }
      default -> {
        Optional<Duration> delay = policy.nextDelay(delivery.attempt(), result.retryAfter());
        if (delay.isPresent()) {
          Optional<Duration> failingFor = store.retryLater(delivery, result, delay.get());
          if (failingFor.isPresent() && failingFor.get().compareTo(properties.disableAfter()) > 0) {
            disableFailingEndpoint(delivery, failingFor.get());
          }
          wakeAfter(delay.get());
        } else if (store.dead(delivery, result, policy.firstDelay())) {
          metrics.dead();
          log.warn(
              "Webhook delivery {} of subscription {} is dead after {} attempts: {}",
              delivery.id(),
              delivery.subscriptionId(),
              delivery.attempt(),
              result.error());
        }
        return null;
      }
    }
  }

  private void disableFailingEndpoint(ClaimedDelivery delivery, Duration failingFor) {
    String reason =
        "endpoint failed every attempt for "
            + failingFor.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + " (more than flowmesh.webhooks.delivery.disable-after = "
            + properties.disableAfter()
            + ")";
    if (subscriptions.disable(delivery.tenant(), delivery.subscriptionId(), reason)) {
      log.warn("Disabled webhook subscription {}: {}", delivery.subscriptionId(), reason);
    }
  }

  /** Short retries should not wait for the next poll. */
  private void wakeAfter(Duration delay) {
    if (running && delay.compareTo(properties.pollInterval()) < 0) {
      try {
        timer.schedule(this::wake, delay.toMillis() + 1, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // stopping
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
