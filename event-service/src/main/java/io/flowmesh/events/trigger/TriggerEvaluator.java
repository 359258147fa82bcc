package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.cel.CelExpressions.EvaluationFailure;
import io.flowmesh.cel.CelExpressions.Result;
import io.flowmesh.cel.CelValues;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs newly stored events through the tenant's enabled triggers, in the caller's transaction (the
 * one that stores them, ADR 0032): for each trigger that listens to an event's type, the filter,
 * the input and the business key are evaluated, the outcome is recorded, and a started run is
 * requested through the outbox with the idempotency key {@code trigger:<trigger>:<event>}.
 */
@Component
public class TriggerEvaluator {

  private final TriggerRepository triggers;
  private final Evaluations evaluations;
  private final CelExpressions expressions;
  private final Outbox outbox;
  private final JsonMapper json;

  TriggerEvaluator(
      TriggerRepository triggers,
      Evaluations evaluations,
      CelExpressions triggerExpressions,
      Outbox outbox,
      JsonMapper json) {
    this.triggers = triggers;
    this.evaluations = evaluations;
    this.expressions = triggerExpressions;
    this.outbox = outbox;
    this.json = json;
  }

  /** Evaluates the events (each stored for the first time) against the tenant's triggers. */
  public void evaluate(TenantId tenant, List<TriggerEvent> events) {
    List<Trigger> enabled = triggers.enabled(tenant);
    if (enabled.isEmpty() || events.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    List<Evaluation> outcomes = new ArrayList<>();
    List<OutboxMessage> starts = new ArrayList<>();
    for (TriggerEvent event : events) {
      Map<String, Object> variables = null;
      for (Trigger trigger : enabled) {
        if (!trigger.listensTo(event.type())) {
          continue;
        }
        if (variables == null) {
          variables = Map.of("event", event.celView(json));
        }
        outcomes.add(evaluate(tenant, trigger, event, variables, now, starts));
      }
    }
    evaluations.insert(tenant, outcomes);
    starts.forEach(outbox::append);
  }

  private Evaluation evaluate(
      TenantId tenant,
      Trigger trigger,
      TriggerEvent event,
      Map<String, Object> variables,
      Instant now,
      List<OutboxMessage> starts) {
    String stage = "filter";
    try {
      if (trigger.filter() != null
          && !Boolean.TRUE.equals(expressions.evaluate(trigger.filter(), Result.BOOL, variables))) {
        return new Evaluation(
            trigger.id(), event.storedId(), Evaluation.FILTERED, null, "the filter is false", now);
      }
      stage = "input";
      Object input =
          trigger.input() == null
              ? (event.jsonData() == null ? null : json.readValue(event.jsonData(), Object.class))
              : CelValues.toJson(expressions.evaluate(trigger.input(), Result.ANY, variables));
      stage = "businessKey";
      String businessKey =
          trigger.businessKey() == null
              ? null
              : (String) expressions.evaluate(trigger.businessKey(), Result.STRING, variables);
      String runId = UuidV7.prefixed("run");
      starts.add(
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
                  "trigger:" + trigger.id() + ":" + event.storedId(),
                  trigger.id(),
                  event.storedId())));
      return new Evaluation(trigger.id(), event.storedId(), Evaluation.STARTED, runId, null, now);
    } catch (EvaluationFailure e) {
      return new Evaluation(
          trigger.id(),
          event.storedId(),
          Evaluation.FAILED,
          null,
          stage + ": " + e.getMessage(),
          now);
    }
  }
}
