package io.flowmesh.functions.builtin;

import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code core/noop}: ignores its input and returns an empty object. */
@Component
class NoopFunction implements BuiltinFunction {

  @Override
  public String slug() {
    return "core/noop";
  }

  @Override
  public Object apply(Object input) {
    return Map.of();
  }
}
