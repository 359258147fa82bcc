package io.flowmesh.orchestrator.run;

import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.micrometer.tracing.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies function results to their runs: a poll's worth of results in one transaction, each under
 * its run's row lock. A result for an unknown run, a finished run or an execution that is no longer
 * running (a redelivery) changes nothing.
 */
@Service
public class FunctionOutcomeService {

  private static final Logger log = LoggerFactory.getLogger(FunctionOutcomeService.class);

  private final RunRepository runs;
  private final RunTransitions transitions;
  private final ForEachResults forEachResults;
  private final RunDefinitions runDefinitions;
  private final MessageSpans spans;

  FunctionOutcomeService(
      RunRepository runs,
      RunTransitions transitions,
      ForEachResults forEachResults,
      RunDefinitions runDefinitions,
      MessageSpans spans) {
    this.spans = spans;
    this.runs = runs;
    this.transitions = transitions;
    this.forEachResults = forEachResults;
    this.runDefinitions = runDefinitions;
  }

  /**
   * Applies a poll's results in one transaction. The runs are locked and their attempts read in two
   * queries for the whole poll, and the transitions' common writes go out together at the end; a
   * run with a second result in the poll reads its state again after a flush, so it sees the first
   * one's writes.
   */
  @Transactional
  public void apply(List<FunctionOutcome> outcomes) {
    Set<TenantScoped> runKeys = new LinkedHashSet<>();
    for (FunctionOutcome outcome : outcomes) {
      runKeys.add(new TenantScoped(outcome.tenant(), outcome.runId().value()));
    }
    Map<TenantScoped, RunRow> locked = runs.lockAll(runKeys);
    Map<TenantScoped, AttemptStatuses> attempts = runs.attemptStatusesOf(locked.keySet());
    TransitionWrites writes = transitions.writes();
    Set<TenantScoped> applied = new HashSet<>();
    List<Span> transitionSpans = new ArrayList<>(outcomes.size());
    try {
      applyAll(outcomes, locked, attempts, writes, applied, transitionSpans);
      writes.traceMessagesAs(null);
      writes.flush();
    } catch (RuntimeException e) {
      transitionSpans.forEach(span -> span.error(e));
      throw e;
    } finally {
      // after the commit's statements: a span covers the transition until it is written
      transitionSpans.forEach(Span::end);
    }
  }

  private void applyAll(
      List<FunctionOutcome> outcomes,
      Map<TenantScoped, RunRow> locked,
      Map<TenantScoped, AttemptStatuses> attempts,
      TransitionWrites writes,
      Set<TenantScoped> applied,
      List<Span> transitionSpans) {
    for (FunctionOutcome outcome : outcomes) {
      TenantScoped runKey = new TenantScoped(outcome.tenant(), outcome.runId().value());
      RunRow run = locked.get(runKey);
      if (run == null) {
        log.warn("Ignoring a function result for unknown run {}", outcome.runId());
        continue;
      }
      AttemptStatuses statuses = attempts.getOrDefault(runKey, AttemptStatuses.NONE);
      if (!applied.add(runKey)) {
        // what an earlier result of this poll did to the run is still in the buffer
        writes.flush();
        run = runs.lock(outcome.tenant(), outcome.runId()).orElseThrow();
        statuses = runs.attemptStatuses(outcome.tenant(), outcome.runId());
      }
      // One span per result, child of the execution that produced it; what the transition
      // publishes (the next function request, run events) carries it, so the run stays one trace
      // although the poll is written in one transaction.
      Span span = spans.start("run transition", outcome.traceparent());
      span.tag("flowmesh.run_id", outcome.runId().value())
          .tag("flowmesh.node_id", outcome.nodeId());
      transitionSpans.add(span);
      writes.traceMessagesAs(MessageSpans.traceparent(span));
      applyOne(
          outcome, run, statuses.ofExecution(outcome.executionId()), statuses.byNode(), writes);
    }
  }

  private void applyOne(
      FunctionOutcome outcome,
      RunRow run,
      Optional<String> execution,
      Map<String, String> statuses,
      TransitionWrites writes) {
    if (execution.isEmpty() && forEachResults.apply(outcome, run)) {
      return;
    }
    if (!run.status().allows(RunOperation.RECORD_RESULT)
        || !execution.equals(Optional.of("RUNNING"))) {
      log.debug("Ignoring a duplicate or late result for execution {}", outcome.executionId());
      return;
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            outcome.tenant(), run, outcome.nodeId(), outcome.executionId(), outcome.attempt());
    if (readable.isEmpty()) {
      return;
    }
    WorkflowDefinition definition = readable.get();
    RunState state = transitions.state(run, statuses);
    List<Step> steps = transitions.decide(definition, state, outcome);
    transitions.recordOutcome(outcome.tenant(), run, definition, state, steps, outcome, writes);
  }
}
