package io.flowmesh.functions.builtin;

import io.flowmesh.functions.execution.Invocation;
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
  public boolean computesOnly() {
    return true;
  }

  @Override
  public Object apply(Invocation invocation) {
    return Map.of();
  }
}
