package io.flowmesh.webhooks.subscription;

import io.flowmesh.cel.CelExpressions.EvaluationFailure;
import io.flowmesh.cel.CelExpressions.Result;
import java.util.Map;
import java.util.Optional;

/**
 * Subscription filters and ordering-key expressions in CEL, over one variable {@code event}: the
 * CloudEvent as a map ({@code id}, {@code type}, {@code source}, {@code subject}, {@code time},
 * {@code tenant}, {@code key} (the Kafka record key) and {@code data}, the JSON payload). CEL is
 * sandboxed, side-effect free and bounded (the cel-expressions module); never a scripting language
 * on tenant input (docs/architecture.md).
 *
 * <p>Expressions are compiled and type-checked when a subscription is saved, so that a bad one is a
 * 400 naming the field; ingestion evaluates the cached program.
 */
public final class CelExpressions {

  private static final io.flowmesh.cel.CelExpressions EVENT =
      io.flowmesh.cel.CelExpressions.over("event");

  private CelExpressions() {}

  /** What is wrong with a filter (must be a bool expression), or empty. */
  static Optional<String> filterProblem(String expression) {
    return EVENT.problem(expression, Result.BOOL);
  }

  /** What is wrong with an ordering-key expression (must be a string expression), or empty. */
  static Optional<String> keyProblem(String expression) {
    return EVENT.problem(expression, Result.STRING);
  }

  /**
   * Whether the event passes the filter. An expression that fails on this event (e.g. a missing
   * field) does not match: the subscriber asked for events the filter accepts.
   */
  public static boolean matches(String filter, Map<String, Object> event) {
    try {
      return Boolean.TRUE.equals(EVENT.evaluate(filter, Result.BOOL, Map.of("event", event)));
    } catch (EvaluationFailure e) {
      return false;
    }
  }

  /** The ordering key the expression gives this event, or empty if it fails on it. */
  public static Optional<String> key(String expression, Map<String, Object> event) {
    try {
      Object value = EVENT.evaluate(expression, Result.STRING, Map.of("event", event));
      return value == null ? Optional.empty() : Optional.of(value.toString());
    } catch (EvaluationFailure e) {
      return Optional.empty();
    }
  }
}
