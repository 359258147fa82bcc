package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.credentials.RunCredentials;
import io.flowmesh.orchestrator.run.credentials.RunCredentialsUnavailableException;
import io.flowmesh.outbox.TraceparentSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts runs with group commit. A start that arrives while another group is being written waits
 * for it; then one of the waiting requests' threads writes every start that queued meanwhile in one
 * transaction: one commit and about four statements for the group instead of per start. A start
 * that arrives alone is written at once, so grouping adds no wait, only sharing. Under load, when
 * requests overlap, it saves most of the starts' commits and statements.
 *
 * <p>Each start keeps its own outcome. Its run's events carry the trace of the request that started
 * it. When the group's transaction fails (two starts with one idempotency key, a deadlock between
 * replicas' key locks, a database error), nothing of it was written, and every start is written
 * again in a transaction of its own, on its own request's thread, so one bad start fails only
 * itself.
 */
@Component
public class RunStarts {

  private static final Logger log = LoggerFactory.getLogger(RunStarts.class);

  private final RunService runs;
  private final RunCredentials credentials;
  private final StepRecorder recorder;
  private final TransactionTemplate transactions;
  private final TraceparentSource traceparent;
  private final int maxGroupSize;
  private final DistributionSummary groupSizes;

  private final Queue<PendingStart> queued = new ConcurrentLinkedQueue<>();

  /** Held by the thread writing a group; the others wait for it here. */
  private final ReentrantLock writer = new ReentrantLock();

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
    this.maxGroupSize = properties.maxGroupSize();
    this.groupSizes =
        DistributionSummary.builder("flowmesh.orchestrator.run.start.group.size")
            .description("Run starts written together in one transaction")
            .baseUnit("starts")
            .register(meters);
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
    if (maxGroupSize == 1) {
      return runs.start(start);
    }
    PendingStart mine = new PendingStart(start, traceparent.current());
    queued.add(mine);
    while (mine.outcome == null) {
      writer.lock();
      try {
        if (mine.outcome == null) {
          writeGroup();
        }
      } finally {
        writer.unlock();
      }
    }
    return switch (mine.outcome) {
      case Outcome.Started started -> started.run();
      case Outcome.Failed failed -> throw failed.error();
      case Outcome.Alone alone -> runs.start(start);
    };
  }

  /** Starts waiting to be written: for tests that need a group to form. */
  int queuedStarts() {
    return queued.size();
  }

  /** Writes up to a group's worth of the queued starts, in the order they arrived. */
  private void writeGroup() {
    List<PendingStart> group = new ArrayList<>();
    for (PendingStart next; group.size() < maxGroupSize && (next = queued.poll()) != null; ) {
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    groupSizes.record(group.size());
    try {
      List<RunView> started = transactions.execute(status -> startAll(group));
      for (int i = 0; i < group.size(); i++) {
        group.get(i).outcome = new Outcome.Started(started.get(i));
      }
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.getFirst().outcome = new Outcome.Failed(e);
      } else {
        log.debug("A group of {} run starts failed; each is written alone", group.size(), e);
      }
    } finally {
      // Whatever failed, no start is left waiting for an outcome that will never come.
      group.stream().filter(pending -> pending.outcome == null).forEach(p -> p.outcome = ALONE);
    }
  }

  private List<RunView> startAll(List<PendingStart> group) {
    TransitionWrites writes = recorder.writes();
    List<RunView> started = new ArrayList<>(group.size());
    for (PendingStart pending : group) {
      writes.traceMessagesAs(pending.traceparent);
      started.add(runs.start(pending.start, writes));
    }
    writes.flush();
    return started;
  }

  private static final Outcome ALONE = new Outcome.Alone();

  /** A queued start; its outcome is set, under the writer lock, by the thread that wrote it. */
  private static final class PendingStart {
    final RunStart start;
    final String traceparent;
    volatile Outcome outcome;

    PendingStart(RunStart start, String traceparent) {
      this.start = start;
      this.traceparent = traceparent;
    }
  }

  private sealed interface Outcome {
    record Started(RunView run) implements Outcome {}

    record Failed(RuntimeException error) implements Outcome {}

    /** The group failed: write this start again, in a transaction of its own. */
    record Alone() implements Outcome {}
  }
}
