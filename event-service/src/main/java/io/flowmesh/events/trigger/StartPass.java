package io.flowmesh.events.trigger;

import io.flowmesh.events.runs.StartedRun;
import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.CloudEventAttributes;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run starts of one evaluation pass (one transaction): each checked against the chain depth and
 * the trigger's concurrency limit, then requested through the outbox with {@link #record}. Counting
 * a key's active runs holds a lock on the key until commit, so that two replicas do not both start
 * the last run the limit allows; the pass adds its own starts to the count.
 */
final class StartPass {

  private final TenantId tenant;
  private final Replay replay;
  private final StartedRuns startedRuns;
  private final Outbox outbox;
  private final int maxChainDepth;
  private final List<StartedRun> runs = new ArrayList<>();
  private final List<OutboxMessage> messages = new ArrayList<>();
  private final Map<String, Integer> activeByKey = new HashMap<>();

  StartPass(
      TenantId tenant, Replay replay, StartedRuns startedRuns, Outbox outbox, int maxChainDepth) {
    this.tenant = tenant;
    this.replay = replay;
    this.startedRuns = startedRuns;
    this.outbox = outbox;
    this.maxChainDepth = maxChainDepth;
  }

  /** The replay this pass belongs to, or null. */
  Replay replay() {
    return replay;
  }

  /** True for a forced replay, whose evaluations and starts carry its id. */
  boolean forced() {
    return replay != null && replay.force();
  }

  /**
   * Starts a run of the trigger for the event, unless the chain is too deep or the limit reached.
   *
   * @param concurrencyKey the key the trigger's limit counts, or null without a limit
   * @return {@code started} with the run's id, or {@code limited} with the reason
   */
  Evaluation start(
      Trigger trigger,
      TriggerEvent event,
      Object input,
      String businessKey,
      String concurrencyKey,
      Instant now) {
    int depth = event.chainDepth() + 1;
    if (depth > maxChainDepth) {
      return limited(
          trigger,
          event,
          "the event ends a chain of "
              + event.chainDepth()
              + " runs that started each other; flowmesh.events.triggers.max-chain-depth allows "
              + maxChainDepth,
          now);
    }
    if (concurrencyKey != null) {
      int active = active(trigger.id(), concurrencyKey);
      if (active >= trigger.concurrency().limit()) {
        return limited(
            trigger,
            event,
            active
                + " runs for the concurrency key '"
                + concurrencyKey
                + "' have not ended (limit "
                + trigger.concurrency().limit()
                + ")",
            now);
      }
      activeByKey.merge(trigger.id() + '\u0000' + concurrencyKey, 1, Integer::sum);
    }
    String runId = UuidV7.prefixed("run");
    runs.add(StartedRun.byTrigger(runId, trigger.id(), concurrencyKey, depth, now));
    messages.add(
        new OutboxMessage(
                Topics.RUN_START_REQUESTS,
                trigger.workflowId(),
                EventTypes.RUN_START_REQUESTED,
                runId,
                tenant.value(),
                new RunStartRequested(
                    runId,
                    trigger.workflowId(),
                    input,
                    businessKey,
                    idempotencyKey(trigger, event),
                    trigger.id(),
                    event.storedId()))
            // CloudEvents' distributed tracing extension: the run continues the event's trace
            .withTraceparent(event.extensions().get(CloudEventAttributes.TRACEPARENT)));
    return new Evaluation(trigger.id(), event.storedId(), Evaluation.STARTED, runId, null, now);
  }

  /** Writes what the pass started: the started runs and their requests in the outbox. */
  void record() {
    startedRuns.record(tenant, runs);
    messages.forEach(outbox::append);
  }

  private String idempotencyKey(Trigger trigger, TriggerEvent event) {
    String key = "trigger:" + trigger.id() + ":" + event.storedId();
    return forced() ? key + ":" + replay.id() : key;
  }

  /** The trigger's active runs for the key, counting those this pass has started. */
  private int active(String triggerId, String key) {
    return activeByKey.computeIfAbsent(
        triggerId + '\u0000' + key,
        k -> {
          if (replay == null || !replay.dryRun()) {
            startedRuns.lockTriggerKey(tenant, triggerId, key);
          }
          return startedRuns.activeForTrigger(tenant, triggerId, key);
        });
  }

  private static Evaluation limited(
      Trigger trigger, TriggerEvent event, String reason, Instant now) {
    return new Evaluation(trigger.id(), event.storedId(), Evaluation.LIMITED, null, reason, now);
  }
}
