package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.Expressions;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.Templates;
import io.flowmesh.orchestrator.engine.foreach.ForEachProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A for-each evaluates its items and calls its function for each, at most {@code concurrency} at
 * once; the node waits, running, for all and completes with their outputs in item order.
 */
final class ForEachBehaviour implements NodeBehaviour {

  static final ForEachBehaviour INSTANCE = new ForEachBehaviour();

  /** How many items of a for-each run at once when its config does not say. */
  private static final int DEFAULT_CONCURRENCY = 10;

  private ForEachBehaviour() {}

  @Override
  public void activate(Transition transition, Attempt attempt, Object input) {
    start(transition, attempt, input);
  }

  @Override
  public boolean retryable() {
    return true;
  }

  /** Calls every item again. */
  @Override
  public void retry(Transition transition, Attempt attempt, Object previousInput) {
    retry(transition, attempt, previousInput, Map.of());
  }

  /**
   * Runs again over the items of the previous attempt, the ones in {@code completedItems} kept; a
   * previous attempt that failed before it had items evaluates them again.
   */
  void retry(
      Transition transition,
      Attempt attempt,
      Object previousInput,
      Map<Integer, Object> completedItems) {
    if (previousInput instanceof Map<?, ?> started
        && started.get("items") instanceof List<?> list) {
      runItems(transition, attempt, new ArrayList<>(list), completedItems);
    } else {
      start(transition, attempt, previousInput);
    }
  }

  /**
   * Evaluates the items and calls the function for the first {@code concurrency} of them. No items:
   * it completes at once with an empty list.
   */
  private void start(Transition transition, Attempt attempt, Object previousOutput) {
    Node node = attempt.node();
    List<Object> items;
    try {
      items =
          Expressions.evaluateList(
              (String) node.config().get("items"), transition.expressionVariables(previousOutput));
    } catch (Expressions.ExpressionFailedException e) {
      transition.add(attempt.started(previousOutput));
      transition.failNode(
          attempt,
          new ExecutionError(
              "EXPRESSION_FAILED", "for-each node '" + node.id() + "': " + e.getMessage(), false));
      return;
    }
    runItems(transition, attempt, items, Map.of());
  }

  /**
   * Starts an attempt over the items, the ones in {@code carriedOver} already done: its input
   * records the items, the concurrency and what was carried over (the node execution's input is
   * what later results rebuild the progress from).
   */
  private void runItems(
      Transition transition,
      Attempt attempt,
      List<Object> items,
      Map<Integer, Object> carriedOver) {
    Node node = attempt.node();
    int concurrency =
        node.config().get("concurrency") instanceof Integer n ? n : DEFAULT_CONCURRENCY;
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("items", items);
    started.put("concurrency", concurrency);
    if (!carriedOver.isEmpty()) {
      Map<String, Object> kept = new LinkedHashMap<>();
      new TreeMap<>(carriedOver).forEach((index, output) -> kept.put(index.toString(), output));
      started.put(Interpreter.CARRIED_OVER, kept);
    }
    ForEachProgress progress =
        ForEachProgress.restore(items.size(), concurrency, carriedOver, Set.of());
    transition.add(attempt.started(started));
    if (progress.done()) {
      transition.complete(
          attempt, progress.outputsInOrder(), transition.definition().successors(node.id()));
      return;
    }
    transition.state().running(node.id());
    callItems(transition, attempt, items, progress);
  }

  /** Calls the function for each item the progress lets start; a bad item input fails the node. */
  void callItems(
      Transition transition, Attempt attempt, List<Object> items, ForEachProgress progress) {
    Node node = attempt.node();
    Map<String, Object> scope = transition.scope();
    for (int index : progress.dispatch()) {
      scope.put("item", items.get(index));
      scope.put("index", index);
      Object input;
      try {
        input =
            node.config().containsKey("input")
                ? Templates.resolve(node.config().get("input"), "config.input", scope)
                : items.get(index);
      } catch (Templates.UnresolvedTemplateException e) {
        transition.state().finished(node.id());
        transition.failNode(
            attempt,
            new ExecutionError(
                "TEMPLATE_UNRESOLVED",
                "for-each node '" + node.id() + "': item " + index + ": " + e.getMessage(),
                false));
        return;
      }
      transition.add(
          new Step.ItemCalled(
              node,
              attempt.executionId(),
              index,
              transition.newExecutionId(),
              node.function(),
              input));
    }
  }
}
