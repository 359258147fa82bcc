package io.flowmesh.orchestrator.engine;

import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manual task waits, running, until it is completed through the API; its assignee, title,
 * description and input are resolved now, so the task list shows what the human should see.
 */
final class ManualTaskBehaviour implements NodeBehaviour {

  static final ManualTaskBehaviour INSTANCE = new ManualTaskBehaviour();

  private ManualTaskBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    openTask(transition, attempt, input);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /** A fresh task, its details resolved again; the old one is no longer open. */
  @Override
  public void retry(Transition transition, Attempt attempt, Object previousInput) {
    openTask(transition, attempt, previousInput);
  }

  @Override
  public boolean waitsOutside() {
    return true;
  }

  private static void openTask(Transition transition, Attempt attempt, Object previousOutput) {
    Node node = attempt.node();
    Map<String, Object> template = new LinkedHashMap<>();
    for (String field : List.of("assignee", "title", "description", "input")) {
      if (node.config().get(field) != null) {
        template.put(field, node.config().get(field));
      }
    }
    Map<String, Object> details;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> resolved =
          (Map<String, Object>) Templates.resolve(template, "config", transition.scope());
      details = resolved;
    } catch (Templates.UnresolvedTemplateException e) {
      transition.templateFailed(attempt, previousOutput, e);
      return;
    }
    Object assignee = details.get("assignee");
    transition.state().running(node.id());
    transition.add(attempt.started(details));
    transition.add(
        new Step.TaskOpened(
            node,
            attempt.executionId(),
            assignee == null ? null : String.valueOf(assignee),
            details));
  }
}
