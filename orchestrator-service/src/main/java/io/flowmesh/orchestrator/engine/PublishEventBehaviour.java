package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.PublishedEventTypes;
import io.flowmesh.orchestrator.definition.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A publish-event node publishes its event and completes at once: the event leaves through the
 * outbox in the same transaction, so it is published exactly when the node counts as done. Its
 * output is the event.
 */
final class PublishEventBehaviour implements NodeBehaviour {

  static final PublishEventBehaviour INSTANCE = new PublishEventBehaviour();

  private PublishEventBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    Node node = attempt.node();
    Map<String, Object> template = new LinkedHashMap<>();
    for (String field : List.of("type", "subject", "data")) {
      if (node.config().get(field) != null) {
        template.put(field, node.config().get(field));
      }
    }
    Map<String, Object> event;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> resolved =
          (Map<String, Object>) Templates.resolve(template, "config", transition.scope());
      event = resolved;
    } catch (Templates.UnresolvedTemplateException e) {
      transition.templateFailed(attempt, input, e);
      return;
    }
    transition.add(attempt.started(event));
    String invalid = PublishedEventTypes.problem(event.get("type"));
    if (invalid != null) {
      transition.failNode(
          attempt,
          new ExecutionError(
              "INVALID_EVENT", "publish-event node '" + node.id() + "': type " + invalid, false));
      return;
    }
    event.putIfAbsent("data", Map.of());
    Object subject = event.get("subject");
    transition.add(
        new Step.EventPublished(
            node,
            attempt.executionId(),
            (String) event.get("type"),
            subject == null ? null : String.valueOf(subject),
            event.get("data")));
    transition.complete(attempt, event, transition.definition().successors(node.id()));
  }
}
