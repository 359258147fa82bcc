package io.flowmesh.webhooks.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for confirmed deliveries: workers hand in their 2xx outcomes and wait; one committer
 * thread writes whatever has gathered (up to {@code maxBatch}) in one transaction. Under load a
 * batch fills while the previous one commits, so the commit rate stops bounding the delivery rate;
 * when idle a single outcome commits at once, adding no delay.
 */
final class CompletionBatcher {

  private static final Logger log = LoggerFactory.getLogger(CompletionBatcher.class);

  private final DeliveryStore store;
  private final Duration firstDelay;
  private final Duration lease;
  private final int maxBatch;
  private final Runnable afterCommit;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread committer;

  CompletionBatcher(
      DeliveryStore store,
      Duration firstDelay,
      Duration lease,
      int maxBatch,
      Runnable afterCommit) {
    this.store = store;
    this.firstDelay = firstDelay;
    this.lease = lease;
    this.maxBatch = maxBatch;
    this.afterCommit = afterCommit;
  }

  private record Pending(DeliveryStore.Completion completion, CompletableFuture<Settled> done) {}

  /**
   * How a confirmation ended.
   *
   * @param confirmed whether the delivery's claim still held and it is now DELIVERED
   * @param successor the queue's next delivery, claimed for the same worker; null if none was
   *     handed off
   */
  record Settled(boolean confirmed, ClaimedDelivery successor) {
    static final Settled NOT_CONFIRMED = new Settled(false, null);
  }

  void start() {
    running = true;
    committer = Thread.ofPlatform().name("webhook-committer").daemon().start(this::run);
  }

  void stop() {
    running = false;
    if (committer != null) {
      committer.interrupt();
      try {
        committer.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Whatever is left is retried after its lease, like any unrecorded attempt.
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.done().complete(Settled.NOT_CONFIRMED));
  }

  /**
   * Confirms the delivery with the next batch.
   *
   * @param handOff whether the caller takes the queue's next delivery (claimed in the same
   *     transaction) if there is one
   */
  CompletableFuture<Settled> submit(
      ClaimedDelivery delivery, AttemptResult result, boolean handOff) {
    CompletableFuture<Settled> done = new CompletableFuture<>();
    if (!running) {
      done.complete(Settled.NOT_CONFIRMED);
      return done;
    }
    queue.add(new Pending(new DeliveryStore.Completion(delivery, result, handOff), done));
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        if (!running) {
          List<Pending> rest = new ArrayList<>();
          queue.drainTo(rest);
          if (!rest.isEmpty()) {
            commit(rest);
          }
          return;
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Pending> batch) {
    try {
      DeliveryStore.Confirmed confirmed =
          store.deliveredAll(batch.stream().map(Pending::completion).toList(), firstDelay, lease);
      afterCommit.run();
      for (Pending pending : batch) {
        DeliveryId id = pending.completion().delivery().id();
        pending
            .done()
            .complete(new Settled(confirmed.ids().contains(id), confirmed.successors().get(id)));
      }
    } catch (RuntimeException e) {
      // The database: the deliveries stay PENDING and leased, and are sent again after the lease
      // (a duplicate of an attempt whose outcome could not be recorded).
      log.warn("Recording {} confirmed webhook deliveries failed", batch.size(), e);
      batch.forEach(p -> p.done().complete(Settled.NOT_CONFIRMED));
    }
  }
}
