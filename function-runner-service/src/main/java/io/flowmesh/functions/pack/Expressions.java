package io.flowmesh.functions.pack;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a pack's JSONata expressions (the same engine as {@code core/transform}), bounded in
 * time and recursion. An expression is compiled per evaluation: a compiled one keeps evaluation
 * state, and compiling takes microseconds next to the HTTP call around it.
 */
final class Expressions {

  private static final int MAX_DEPTH = 200;

  private Expressions() {}

  /**
   * The expression's value against {@code data} (plain maps, lists and scalars), null if it is
   * undefined.
   *
   * @throws ExpressionFailure if it fails
   */
  static Object evaluate(String expression, Object data, Duration bound) {
    try {
      Jsonata compiled = Jsonata.jsonata(expression);
      Jsonata.Frame frame = compiled.createFrame();
      frame.setRuntimeBounds(Math.max(1, bound.toMillis()), MAX_DEPTH);
      return plain(compiled.evaluate(data, frame));
    } catch (JException | IllegalArgumentException e) {
      throw new ExpressionFailure(e.getMessage());
    }
  }

  /** JSONata's own null marker becomes a JSON null. */
  private static Object plain(Object value) {
    if (value == Jsonata.NULL_VALUE) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(plain(v)));
      return copy;
    }
    return value;
  }

  /** An expression that failed on the data it got. */
  static final class ExpressionFailure extends RuntimeException {
    ExpressionFailure(String message) {
      super(message, null, false, false);
    }
  }
}
