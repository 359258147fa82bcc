package io.flowmesh.orchestrator.definition;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;

/**
 * The correlation of nodes that wait for an event (approval gates, wait-for-event): a CEL
 * expression giving a bool over {@code event} (the CloudEvent: {@code id}, {@code source}, {@code
 * type}, {@code subject}, {@code time}, {@code data}) and {@code run} ({@code id}, {@code input},
 * {@code businessKey}), checked when the definition is saved and evaluated when an event arrives
 * (ADR 0036).
 */
public final class Correlations {

  /** The CEL environment of correlation expressions. */
  public static final CelExpressions EXPRESSIONS = CelExpressions.over("event", "run");

  private Correlations() {}

  static void check(
      NodeKind kind,
      String nodeId,
      String path,
      Map<String, Object> config,
      List<FieldProblem> problems) {
    if (!config.containsKey("correlation") || config.get("correlation") == null) {
      return;
    }
    String field = path + ".config.correlation";
    if (!(config.get("correlation") instanceof String source)) {
      problems.add(
          new FieldProblem(
              field,
              kind.wireName()
                  + " node '"
                  + nodeId
                  + "': correlation must be a CEL expression (a string), e.g."
                  + " event.data.orderId == run.input.orderId"));
      return;
    }
    EXPRESSIONS
        .problem(source, CelExpressions.Result.BOOL)
        .ifPresent(
            why ->
                problems.add(
                    new FieldProblem(
                        field,
                        kind.wireName()
                            + " node '"
                            + nodeId
                            + "': correlation "
                            + why
                            + " (variables: event, run)")));
  }
}
