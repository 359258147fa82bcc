package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.model.run.RunCancelled;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.RunBeginning.Begun;
import io.flowmesh.orchestrator.run.RunBeginning.NewRunKeys;
import io.flowmesh.orchestrator.run.credentials.RunCredentials;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Starts runs and reads them. */
@Service
public class RunService {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RunRepository runs;
  private final RunTransitions transitions;
  private final Outbox outbox;
  private final JsonMapper json;
  private final IdempotentStarts idempotentStarts;
  private final ChildRunCancellation children;
  private final ChildRunEnds childRunEnds;
  private final ForEachItemRepository forEachItems;
  private final RunCredentials credentials;
  private final RunBeginning beginning;

  RunService(
      RunRepository runs,
      RunTransitions transitions,
      Outbox outbox,
      JsonMapper json,
      IdempotentStarts idempotentStarts,
      ChildRunCancellation children,
      ChildRunEnds childRunEnds,
      ForEachItemRepository forEachItems,
      RunCredentials credentials,
      RunBeginning beginning) {
    this.runs = runs;
    this.transitions = transitions;
    this.outbox = outbox;
    this.json = json;
    this.idempotentStarts = idempotentStarts;
    this.children = children;
    this.childRunEnds = childRunEnds;
    this.forEachItems = forEachItems;
    this.credentials = credentials;
    this.beginning = beginning;
  }

  /**
   * Starts a run, in a transaction of its own. With an idempotency key or a business key already
   * used by this tenant (the business key for this workflow), returns that run instead of starting
   * another.
   *
   * @throws IdempotencyKeyReusedException if the key started a run with a different request
   */
  @Transactional
  public RunView start(RunStart start) {
    TransitionWrites writes = transitions.writes();
    RunView run = start(start, writes);
    writes.flush();
    return run;
  }

  /**
   * Starts a run as {@link #start(RunStart)} does, in the caller's transaction, holding its writes
   * in {@code writes} for the caller to flush before commit. Two starts with one key in one
   * transaction both insert: the unique index fails the transaction at the flush.
   */
  RunView start(RunStart start, TransitionWrites writes) {
    TenantId tenant = start.tenant();
    String fingerprint =
        start.idempotencyKey() == null || start.request() == null
            ? null
            : idempotentStarts.fingerprint(start.request());
    if (start.idempotencyKey() != null) {
      Optional<RunId> existing =
          idempotentStarts.lockAndFind(tenant, start.idempotencyKey(), fingerprint);
      if (existing.isPresent()) {
        return get(tenant, existing.get());
      }
    }
    if (start.businessKey() != null) {
      Optional<RunId> existing =
          runs.lockAndFindIdByBusinessKey(
              tenant, start.definition().workflowId(), start.businessKey());
      if (existing.isPresent()) {
        return get(tenant, existing.get());
      }
    }
    NewRunKeys keys = new NewRunKeys(start.idempotencyKey(), start.businessKey(), fingerprint);
    RunId runId = start.runId() != null ? start.runId() : RunId.of(UuidV7.prefixed("run"));
    if (!start.integrations().isEmpty()) {
      if (start.runId() == null) {
        throw new IllegalArgumentException(
            "A run with credentials starts through RunStarts, which stores them under its id first");
      }
      credentials.markStored(tenant, runId);
    }
    Begun begun =
        beginning.begin(tenant, start.definition(), start.triggerData(), keys, runId, writes);
    return viewWithParent(
        null,
        transitions.record(
            tenant,
            begun.run(),
            begun.steps(),
            start.definition().definition(),
            begun.state(),
            writes));
  }

  /** A run of the tenant. */
  @Transactional(readOnly = true)
  public RunView get(TenantId tenant, RunId runId) {
    return view(
        tenant, runs.find(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId)));
  }

  /**
   * Cancels a run that has not finished: its running attempts are marked cancelled (their results
   * will be ignored), the run becomes CANCELLED, and {@code run.cancelled} goes out through the
   * outbox in the same transaction, under the run row lock.
   *
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run already finished
   */
  @Transactional
  public RunView cancel(TenantId tenant, RunId runId, String reason) {
    RunRow run =
        transitions.lockFor(
            RunOperation.CANCEL,
            tenant,
            runId,
            locked ->
                "Run '"
                    + runId
                    + "' is "
                    + locked.status()
                    + "; only a run that has not finished can be cancelled");
    Instant now = Instant.now();
    runs.cancelRunningExecutions(tenant, runId, now);
    RunRow cancelled = run.finish(RunStatus.CANCELLED, run.outputsJson(), run.errorJson(), now);
    runs.update(tenant, cancelled);
    outbox.append(
        RunEvents.of(
            tenant,
            run,
            EventTypes.RUN_CANCELLED,
            new RunCancelled(
                run.id().value(), run.workflowId().value(), run.version(), reason, now)));
    children.cancelChildren(tenant, runId, now);
    childRunEnds.ended(
        new ChildRunOutcome(
            tenant,
            runId,
            RunStatus.CANCELLED,
            null,
            new ExecutionError("CANCELLED", reason == null ? "cancelled" : reason, false)));
    return view(tenant, cancelled);
  }

  /**
   * Every node attempt of the run with its input, output, error and timings.
   *
   * @throws RunNotFoundException if the tenant has no such run
   */
  @Transactional(readOnly = true)
  public List<NodeAttempt> history(TenantId tenant, RunId runId) {
    runs.find(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId));
    List<NodeAttempt> attempts = runs.history(tenant, runId);
    // Only for-each attempts have items; the executions with none simply match no item row.
    Map<String, List<NodeAttempt>> itemsByAttempt = new HashMap<>();
    for (NodeAttempt item :
        forEachItems.history(tenant, attempts.stream().map(NodeAttempt::executionId).toList())) {
      itemsByAttempt.computeIfAbsent(item.nodeExecutionId(), id -> new ArrayList<>()).add(item);
    }
    List<NodeAttempt> history = new ArrayList<>();
    for (NodeAttempt attempt : attempts) {
      history.add(parsed(attempt));
      itemsByAttempt.getOrDefault(attempt.executionId(), List.of()).stream()
          .map(this::parsed)
          .forEach(history::add);
    }
    return history;
  }

  private NodeAttempt parsed(NodeAttempt row) {
    return new NodeAttempt(
        row.executionId(),
        row.nodeId(),
        row.attempt(),
        row.status(),
        parse(row.input()),
        parse(row.output()),
        parse(row.error()),
        row.startedAt(),
        row.finishedAt(),
        row.itemIndex(),
        row.nodeExecutionId());
  }

  /** The repository hands JSONB over as text; the API shows it as JSON. */
  private Object parse(Object jsonText) {
    return jsonText == null ? null : json.readValue((String) jsonText, Object.class);
  }

  private RunView view(TenantId tenant, RunRow run) {
    return viewWithParent(runs.parentOf(tenant, run.id()).map(RunId::value).orElse(null), run);
  }

  private RunView viewWithParent(String parentRunId, RunRow run) {
    return new RunView(
        run.id().value(),
        run.workflowId().value(),
        run.version(),
        run.status(),
        json.readValue(run.outputsJson(), MAP),
        run.errorJson() == null ? null : json.readValue(run.errorJson(), MAP),
        run.startedAt(),
        run.completedAt(),
        parentRunId);
  }
}
