package io.flowmesh.orchestrator.run;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.outbox.OutboxMessage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the steps that send something out of the orchestrator: a function request for an action
 * node's attempt or a for-each item (with the item's row), and a published event.
 */
@Component
class CallSteps {

  private final ForEachItemRepository forEachItems;
  private final JsonMapper json;

  CallSteps(ForEachItemRepository forEachItems, JsonMapper json) {
    this.forEachItems = forEachItems;
    this.json = json;
  }

  void functionCalled(Recording r, Step.FunctionCalled s) {
    long timeoutMillis = NodeSettings.timeout(s.node().config()).map(t -> t.toMillis()).orElse(0L);
    r.messages.add(
        functionRequest(
            r,
            new FunctionRequested(
                s.executionId(),
                r.run.id().value(),
                s.node().id(),
                s.attempt(),
                s.function(),
                s.input(),
                timeoutMillis)));
  }

  void itemCalled(Recording r, Step.ItemCalled s) {
    r.writes.flush(); // the item refers to its node's attempt
    forEachItems.insert(
        r.tenant,
        s.executionId(),
        r.run.id(),
        s.node().id(),
        s.nodeExecutionId(),
        s.index(),
        json.writeValueAsString(s.input()),
        r.now);
    r.messages.add(
        functionRequest(
            r,
            new FunctionRequested(
                s.executionId(),
                r.run.id().value(),
                s.node().id(),
                1,
                s.function(),
                s.input(),
                0)));
  }

  void eventPublished(Recording r, Step.EventPublished s) {
    // Keyed by subject so that one subject's events stay in order across runs.
    String key = s.subject() == null ? r.run.id().value() : s.subject();
    r.messages.add(
        new OutboxMessage(Topics.EVENTS, key, s.type(), key, r.tenant.value(), s.data()));
  }

  private static OutboxMessage functionRequest(Recording r, FunctionRequested request) {
    // Keyed by run, so one run's requests are handled in the order its transitions made them.
    return new OutboxMessage(
        Topics.FUNCTION_REQUESTS,
        r.run.id().value(),
        EventTypes.FUNCTION_REQUESTED,
        r.run.id().value(),
        r.tenant.value(),
        request);
  }
}
