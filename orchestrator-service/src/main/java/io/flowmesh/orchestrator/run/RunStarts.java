package io.flowmesh.orchestrator.run;

import io.flowmesh.groupcommit.GroupCommit;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.credentials.RunCredentials;
import io.flowmesh.orchestrator.run.credentials.RunCredentialsUnavailableException;
import io.flowmesh.outbox.TraceparentSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts runs with group commit ({@link GroupCommit}): starts that arrive while a group is being
 * written share the next group's transaction, one commit and about four statements for the group
 * instead of per start; a start that arrives alone is written at once. Each start keeps its own
 * outcome, and its run's events carry the trace of the request that started it. When a group's
 * transaction fails (two starts with one idempotency key, a deadlock between replicas' key locks, a
 * database error), every start of it is written again in a transaction of its own, so one bad start
 * fails only itself.
 */
@Component
public class RunStarts {

  private final RunService runs;
  private final RunCredentials credentials;
  private final StepRecorder recorder;
  private final TransactionTemplate transactions;
  private final TraceparentSource traceparent;
  private final GroupCommit<PendingStart, RunView> groupCommit;

  RunStarts(
      RunService runs,
      RunCredentials credentials,
      StepRecorder recorder,
      PlatformTransactionManager transactionManager,
      ObjectProvider<TraceparentSource> traceparent,
      StartProperties properties,
      MeterRegistry meters) {
    this.runs = runs;
    this.credentials = credentials;
    this.recorder = recorder;
    this.transactions = new TransactionTemplate(transactionManager);
    this.traceparent = traceparent.getIfAvailable(() -> TraceparentSource.NONE);
    DistributionSummary groupSizes =
        DistributionSummary.builder("flowmesh.orchestrator.run.start.group.size")
            .description("Run starts written together in one transaction")
            .baseUnit("starts")
            .register(meters);
    this.groupCommit =
        new GroupCommit<>(
            properties.maxGroupSize(),
            group -> transactions.execute(status -> startAll(group)),
            pending -> runs.start(pending.start()),
            groupSizes::record);
  }

  /**
   * Starts a run as {@link RunService#start(RunStart)} does, in a transaction shared with the
   * starts that arrive at the same time. A start with {@link RunStart#integrations()} first stores
   * them in integration-service under the run's id, drawn here, so that no node of the run can
   * execute without them (ADR 0023); if this start then creates no run under that id, they are
   * deleted again.
   *
   * @throws IdempotencyKeyReusedException if the key started a run with a different request
   * @throws RunCredentialsUnavailableException if the credentials cannot be stored; no run started
   */
  public RunView start(RunStart start) {
    if (start.integrations().isEmpty()) {
      return write(start);
    }
    RunStart withId = start.withRunId(RunId.of(UuidV7.prefixed("run")));
    credentials.store(start.tenant(), withId.runId(), start.integrations());
    RunView run;
    try {
      run = write(withId);
    } catch (RuntimeException e) {
      credentials.discard(start.tenant(), withId.runId());
      throw e;
    }
    if (!run.runId().equals(withId.runId().value())) {
      // an idempotent start answered with the run an earlier request started, which keeps its own
      credentials.discard(start.tenant(), withId.runId());
    }
    return run;
  }

  private RunView write(RunStart start) {
    return groupCommit.write(new PendingStart(start, traceparent.current()));
  }

  /** Starts waiting to be written: for tests that need a group to form. */
  int queuedStarts() {
    return groupCommit.queued();
  }

  private List<RunView> startAll(List<PendingStart> group) {
    TransitionWrites writes = recorder.writes();
    List<RunView> started = new ArrayList<>(group.size());
    for (PendingStart pending : group) {
      writes.traceMessagesAs(pending.traceparent());
      started.add(runs.start(pending.start(), writes));
    }
    writes.flush();
    return started;
  }

  /** A start, with the trace context of the request that asked for it. */
  private record PendingStart(RunStart start, String traceparent) {}
}
