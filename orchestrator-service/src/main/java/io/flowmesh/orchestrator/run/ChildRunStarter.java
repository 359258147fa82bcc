package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.model.run.RunFailed;
import io.flowmesh.model.run.RunStarted;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.StoredDefinition;
import io.flowmesh.orchestrator.definition.UnreadableDefinitionException;
import io.flowmesh.orchestrator.definition.WorkflowDisabledException;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prepares the child run a sub-workflow node asked for, in the parent's transaction: the link to
 * the waiting node execution is written first, and the child is returned for the caller ({@link
 * StepRecorder}) to begin and record its first transition. A child that may not run (its workflow
 * is disabled, or it would nest deeper than allowed) is recorded here as a run that failed at once,
 * so the parent learns of it the same way as of any child failure.
 */
@Component
class ChildRunStarter {

  private final SubRunRepository links;
  private final RunRepository runs;
  private final DefinitionService definitions;
  private final Outbox outbox;
  private final ChildRunEnds childRunEnds;
  private final JsonMapper json;
  private final SubWorkflowProperties properties;

  ChildRunStarter(
      SubRunRepository links,
      RunRepository runs,
      DefinitionService definitions,
      Outbox outbox,
      ChildRunEnds childRunEnds,
      JsonMapper json,
      SubWorkflowProperties properties) {
    this.links = links;
    this.runs = runs;
    this.definitions = definitions;
    this.outbox = outbox;
    this.childRunEnds = childRunEnds;
    this.json = json;
    this.properties = properties;
  }

  /** A child run to begin: its id, the definition it runs and its input. */
  record ChildRun(RunId runId, StoredDefinition definition, Object input) {}

  /** The child run to begin, or empty if it was recorded as failed at once. */
  Optional<ChildRun> start(TenantId tenant, RunId parentRunId, Step.ChildRunRequested request) {
    RunId childRunId = RunId.of(UuidV7.prefixed("run"));
    int depth = links.depthOf(tenant, parentRunId) + 1;
    Object policy = request.node().config().getOrDefault("onChildFailure", "fail");
    links.insert(
        tenant,
        new SubRunRepository.Link(
            childRunId,
            parentRunId,
            request.node().id(),
            request.executionId(),
            depth,
            String.valueOf(policy)));
    WorkflowId workflowId = WorkflowId.of(request.workflowId());
    Optional<StoredDefinition> definition;
    try {
      definition =
          request.version() == null
              ? definitions.latest(tenant, workflowId)
              : definitions.find(tenant, workflowId, request.version());
    } catch (UnreadableDefinitionException e) {
      // The child fails at once and its parent's node follows its onChildFailure policy, instead
      // of the parent's whole transition (and the batch it is in) failing again on every retry.
      startFailed(
          tenant,
          childRunId,
          e.workflowId(),
          e.version(),
          request.input(),
          new ExecutionError(RunDefinitions.UNREADABLE, e.getMessage(), false));
      return Optional.empty();
    }
    if (definition.isEmpty()) {
      // Saving checks that the workflow and version exist and definitions are never deleted, so
      // only a definition saved before that check can get here; the link must then go too.
      throw new IllegalStateException(
          "sub-workflow node '" + request.node().id() + "': no workflow " + request.workflowId());
    }
    ExecutionError refusal = refusal(tenant, request, depth);
    if (refusal != null) {
      StoredDefinition child = definition.get();
      startFailed(
          tenant, childRunId, child.workflowId(), child.version(), request.input(), refusal);
      return Optional.empty();
    }
    return Optional.of(new ChildRun(childRunId, definition.get(), request.input()));
  }

  /** Why the child may not start (too deep, workflow disabled), or null if it may. */
  private ExecutionError refusal(TenantId tenant, Step.ChildRunRequested request, int depth) {
    if (depth > properties.maxDepth()) {
      return new ExecutionError(
          "SUB_WORKFLOW_TOO_DEEP",
          "child run would be at depth "
              + depth
              + ", deeper than the limit of "
              + properties.maxDepth()
              + " (flowmesh.orchestrator.sub-workflows.max-depth)",
          false);
    }
    try {
      definitions.requireEnabled(tenant, WorkflowId.of(request.workflowId()));
      return null;
    } catch (WorkflowDisabledException e) {
      return new ExecutionError(
          "WORKFLOW_DISABLED", "workflow '" + request.workflowId() + "' is disabled", false);
    }
  }

  /** A child run that failed as it started: its run.failed reaches the parent like any end. */
  private void startFailed(
      TenantId tenant,
      RunId runId,
      WorkflowId workflowId,
      int version,
      Object input,
      ExecutionError error) {
    Instant now = Instant.now();
    RunRow run =
        new RunRow(
            runId,
            workflowId,
            version,
            RunStatus.RUNNING,
            json.writeValueAsString(input),
            "{}",
            null,
            now,
            null);
    runs.insert(tenant, run, null, null);
    RunRow failed =
        run.finish(
            RunStatus.FAILED,
            "{}",
            json.writeValueAsString(Map.of("code", error.code(), "message", error.message())),
            now);
    runs.update(tenant, failed);
    outbox.appendAll(
        List.of(
            RunEvents.of(
                tenant,
                run,
                EventTypes.RUN_STARTED,
                new RunStarted(runId.value(), workflowId.value(), version, input, now)),
            RunEvents.of(
                tenant,
                run,
                EventTypes.RUN_FAILED,
                new RunFailed(runId.value(), workflowId.value(), version, null, error, now))));
    childRunEnds.ended(new ChildRunOutcome(tenant, runId, RunStatus.FAILED, null, error));
  }
}
