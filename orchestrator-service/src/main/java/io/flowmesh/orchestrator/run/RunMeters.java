package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.definition.NodeKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs started and ended per workflow, and how long runs and node attempts took. Tagged by workflow
 * id (the definition's slug), node kind and outcome, never by a run or execution id, so the number
 * of series follows the number of workflows. Counted once the transaction that records them
 * commits: a transition rolled back and retried is counted once.
 */
@Component
class RunMeters {

  /** Bucket bounds of the duration histograms: from a synchronous node to a day-long wait. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofHours(1),
    Duration.ofHours(6),
    Duration.ofDays(1)
  };

  private final MeterRegistry meters;

  RunMeters(MeterRegistry meters) {
    this.meters = meters;
  }

  void started(RunRow run) {
    afterCommit(
        () ->
            Counter.builder("flowmesh.orchestrator.runs.started")
                .description("Runs started, per workflow")
                .tag("workflow", run.workflowId().value())
                .register(meters)
                .increment());
  }

  void ended(RunRow run, RunStatus status, Instant at) {
    afterCommit(
        () -> {
          String outcome = status.name().toLowerCase();
          Counter.builder("flowmesh.orchestrator.runs." + outcome)
              .description("Runs that ended " + outcome + ", per workflow")
              .tag("workflow", run.workflowId().value())
              .register(meters)
              .increment();
          Timer.builder("flowmesh.orchestrator.run.duration")
              .description("Time from a run's start to its end, per workflow and outcome")
              .tag("workflow", run.workflowId().value())
              .tag("status", outcome)
              .serviceLevelObjectives(BUCKETS)
              .register(meters)
              .record(positive(Duration.between(run.startedAt(), at)));
        });
  }

  /**
   * An attempt's duration, from its execution id: a time-ordered UUID minted when the attempt
   * started (or, for a retry, when it was scheduled, so a retry's backoff counts too). This keeps
   * the attempt's start out of the transition that finishes it.
   */
  void nodeEnded(NodeKind kind, String executionId, String outcome, Instant at) {
    Instant started = startOf(executionId);
    if (started == null) {
      return;
    }
    afterCommit(
        () ->
            Timer.builder("flowmesh.orchestrator.node.duration")
                .description("Time from a node attempt's start to its end, per node kind")
                .tag("kind", kind.wireName())
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(meters)
                .record(positive(Duration.between(started, at))));
  }

  /** The millisecond timestamp of a prefixed version 7 UUID ({@code exe_0190f7...}), or null. */
  static Instant startOf(String executionId) {
    int separator = executionId.indexOf('_');
    String hex = executionId.substring(separator + 1);
    if (hex.length() != 32
        || hex.charAt(12) != '7'
        || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      return null;
    }
    return Instant.ofEpochMilli(HexFormat.fromHexDigitsToLong(hex, 0, 12));
  }

  private static Duration positive(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  private static void afterCommit(Runnable count) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      count.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            count.run();
          }
        });
  }
}
