package io.flowmesh.events.trigger;

import io.flowmesh.events.trigger.Gatherings.Gathering;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the runs of debounced and batched events when their time has come, every {@code
 * flowmesh.events.triggers.gather-poll-interval} (default 500 ms). Each batch of due gatherings is
 * taken out and started in one transaction, with row locks other replicas skip: a gathering starts
 * one run, and a replica killed in the middle leaves it for the next poll.
 */
@Component
class GatheringPoller {

  private static final Logger log = LoggerFactory.getLogger(GatheringPoller.class);
  private static final int BATCH = 100;

  private final Gatherings gatherings;
  private final TriggerRepository triggers;
  private final Evaluations evaluations;
  private final TriggerEvaluator evaluator;
  private final TransactionTemplate transactions;

  GatheringPoller(
      Gatherings gatherings,
      TriggerRepository triggers,
      Evaluations evaluations,
      TriggerEvaluator evaluator,
      TransactionTemplate transactions) {
    this.gatherings = gatherings;
    this.triggers = triggers;
    this.evaluations = evaluations;
    this.evaluator = evaluator;
    this.transactions = transactions;
  }

  @Scheduled(fixedDelayString = "${flowmesh.events.triggers.gather-poll-interval:500ms}")
  void poll() {
    try {
      while (fireDue() == BATCH) {
        // a full batch: more may be due
      }
    } catch (RuntimeException e) {
      log.warn("Starting due debounced and batched runs failed: {}", e.toString());
    }
  }

  /** Starts the due gatherings' runs; returns how many it took. */
  int fireDue() {
    Integer taken =
        transactions.execute(
            status -> {
              List<Gathering> due = gatherings.takeDue(Instant.now(), BATCH);
              for (Gathering gathering : due) {
                fire(gathering);
              }
              return due.size();
            });
    return taken == null ? 0 : taken;
  }

  private void fire(Gathering gathering) {
    Trigger trigger =
        triggers
            .find(gathering.tenant(), gathering.triggerId())
            .filter(Trigger::enabled)
            .orElse(null);
    if (trigger == null || !trigger.gathers()) {
      evaluations.gathered(
          gathering.tenant(),
          gathering.triggerId(),
          gathering.eventIds(),
          Evaluation.FILTERED,
          null,
          "the trigger was deleted, disabled or changed before the gathered events were due");
      return;
    }
    evaluator.fire(gathering.tenant(), trigger, gathering);
  }
}
