package io.flowmesh.functions.builtin;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import io.flowmesh.functions.execution.Invocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code core/transform}: evaluates a JSONata expression (dashjoin's Java port of the reference
 * implementation; no I/O, bounded in time and recursion) against {@code data}.
 */
@Component
class TransformFunction implements BuiltinFunction {

  private static final int MAX_DEPTH = 200;

  private final JsonMapper json;

  TransformFunction(JsonMapper json) {
    this.json = json;
  }

  @Override
  public String slug() {
    return "core/transform";
  }

  @Override
  public boolean computesOnly() {
    return true;
  }

  @Override
  public Object apply(Invocation invocation) {
    String expression = invocation.input().path("expression").asString();
    Object data = json.convertValue(invocation.input().path("data"), Object.class);
    Map<String, Object> output = new HashMap<>();
    output.put("result", transform(expression, data, invocation.timeout().toMillis()));
    return output;
  }

  static Object transform(String expression, Object data, long timeoutMillis) {
    Jsonata compiled;
    try {
      compiled = Jsonata.jsonata(expression);
    } catch (JException | IllegalArgumentException e) {
      throw new FunctionFailure(
          "INPUT_INVALID", "expression is not valid JSONata: " + e.getMessage(), false);
    }
    try {
      Jsonata.Frame frame = compiled.createFrame();
      frame.setRuntimeBounds(timeoutMillis, MAX_DEPTH);
      return plain(compiled.evaluate(data, frame));
    } catch (JException e) {
      throw new FunctionFailure(
          "TRANSFORM_FAILED", "the expression failed: " + e.getMessage(), false);
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
}
