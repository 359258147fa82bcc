package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.run.RunCancelled;
import io.flowmesh.model.run.RunStarted;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.UuidV7;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Starts runs and reads them. */
@Service
public class RunService {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RunRepository runs;
  private final StepRecorder recorder;
  private final Outbox outbox;
  private final JsonMapper json;
  private final IdempotentStarts idempotentStarts;
  private final ChildRunCancellation children;
  private final ForEachItemRepository forEachItems;
  private final Interpreter interpreter = new Interpreter(() -> UuidV7.prefixed("exe"));

  RunService(
      RunRepository runs,
      StepRecorder recorder,
      Outbox outbox,
      JsonMapper json,
      IdempotentStarts idempotentStarts,
      ChildRunCancellation children,
      ForEachItemRepository forEachItems) {
    this.runs = runs;
    this.recorder = recorder;
    this.outbox = outbox;
    this.json = json;
    this.idempotentStarts = idempotentStarts;
    this.children = children;
    this.forEachItems = forEachItems;
  }

  /**
   * Starts a run of a stored definition version. With an idempotency key already used by this
   * tenant, returns that run instead of starting another.
   */
  @Transactional
  public RunView start(
      String tenant, StoredDefinition definition, Object triggerData, String idempotencyKey) {
    return start(tenant, definition, triggerData, idempotencyKey, null);
  }

  /**
   * Starts a run as {@link #start(String, StoredDefinition, Object, String)} does; with a business
   * key already used for this workflow by this tenant, returns that run instead.
   */
  @Transactional
  public RunView start(
      String tenant,
      StoredDefinition definition,
      Object triggerData,
      String idempotencyKey,
      String businessKey) {
    return start(tenant, definition, triggerData, idempotencyKey, businessKey, null);
  }

  /**
   * Starts a run as {@link #start(String, StoredDefinition, Object, String, String)} does; an
   * idempotency key used before with a different {@code request} body is a conflict.
   *
   * @param request the start request's body, compared with the one the key was first used with
   * @throws IdempotencyKeyReusedException if the key started a run with a different request
   */
  @Transactional
  public RunView start(
      String tenant,
      StoredDefinition definition,
      Object triggerData,
      String idempotencyKey,
      String businessKey,
      JsonNode request) {
    String fingerprint =
        idempotencyKey == null || request == null ? null : idempotentStarts.fingerprint(request);
    if (idempotencyKey != null) {
      Optional<String> existing = idempotentStarts.lockAndFind(tenant, idempotencyKey, fingerprint);
      if (existing.isPresent()) {
        return get(tenant, existing.get());
      }
    }
    if (businessKey != null) {
      Optional<String> existing =
          runs.lockAndFindIdByBusinessKey(tenant, definition.workflowId(), businessKey);
      if (existing.isPresent()) {
        return get(tenant, existing.get());
      }
    }
    String runId = UuidV7.prefixed("run");
    RunView started = begin(tenant, definition, triggerData, idempotencyKey, businessKey, runId);
    if (fingerprint != null) {
      idempotentStarts.remember(tenant, runId, fingerprint);
    }
    return started;
  }

  /**
   * Inserts the run with the given id and runs its first transition; a sub-workflow's child is
   * started this way, its link to the parent written first.
   */
  RunView begin(
      String tenant,
      StoredDefinition definition,
      Object triggerData,
      String idempotencyKey,
      String businessKey,
      String runId) {
    Instant now = Instant.now();
    RunRow run =
        new RunRow(
            runId,
            definition.workflowId(),
            definition.version(),
            RunStatus.RUNNING,
            json.writeValueAsString(triggerData),
            "{}",
            null,
            now,
            null);
    // The run row, its first attempts and its first events go out in four statements.
    TransitionWrites writes = recorder.writes();
    writes.insertRun(tenant, run, idempotencyKey, businessKey);
    writes.append(
        List.of(
            StepRecorder.runEvent(
                tenant,
                run,
                EventTypes.RUN_STARTED,
                new RunStarted(
                    runId, definition.workflowId(), definition.version(), triggerData, now))));
    RunState state = RunState.fresh(runId, definition.workflowId());
    List<Step> steps = interpreter.start(definition.definition(), state, triggerData);
    RunRow started = recorder.record(tenant, run, steps, definition.definition(), state, writes);
    writes.flush();
    return view(started);
  }

  /** A run of the tenant. */
  @Transactional(readOnly = true)
  public RunView get(String tenant, String runId) {
    return view(runs.find(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId)));
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
  public RunView cancel(String tenant, String runId, String reason) {
    RunRow run = runs.lock(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId));
    if (run.status().isFinal()) {
      throw new RunStateConflictException(
          "Run '"
              + runId
              + "' is "
              + run.status()
              + "; only a run that has not finished can be cancelled");
    }
    Instant now = Instant.now();
    runs.cancelRunningExecutions(tenant, runId, now);
    RunRow cancelled = run.finish(RunStatus.CANCELLED, run.outputsJson(), run.errorJson(), now);
    runs.update(tenant, cancelled);
    outbox.append(
        StepRecorder.runEvent(
            tenant,
            run,
            EventTypes.RUN_CANCELLED,
            new RunCancelled(run.id(), run.workflowId(), run.version(), reason, now)));
    children.cancelChildren(tenant, runId, now);
    return view(cancelled);
  }

  /**
   * Every node attempt of the run with its input, output, error and timings.
   *
   * @throws RunNotFoundException if the tenant has no such run
   */
  @Transactional(readOnly = true)
  public List<NodeAttempt> history(String tenant, String runId) {
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

  private RunView view(RunRow run) {
    return new RunView(
        run.id(),
        run.workflowId(),
        run.version(),
        run.status(),
        json.readValue(run.outputsJson(), MAP),
        run.errorJson() == null ? null : json.readValue(run.errorJson(), MAP),
        run.startedAt(),
        run.completedAt());
  }

  Interpreter interpreter() {
    return interpreter;
  }

  JsonMapper json() {
    return json;
  }

  Map<String, Object> outputs(RunRow run) {
    return new HashMap<>(json.readValue(run.outputsJson(), MAP));
  }
}
