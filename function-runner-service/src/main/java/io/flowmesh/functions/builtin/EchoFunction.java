package io.flowmesh.functions.builtin;

import io.flowmesh.functions.execution.Invocation;
import org.springframework.stereotype.Component;

/** {@code core/echo}: returns its input as its output. */
@Component
class EchoFunction implements BuiltinFunction {

  @Override
  public String slug() {
    return "core/echo";
  }

  @Override
  public boolean computesOnly() {
    return true;
  }

  @Override
  public Object apply(Invocation invocation) {
    return invocation.request().input();
  }
}
