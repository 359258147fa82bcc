package io.flowmesh.functions.builtin;

import org.springframework.stereotype.Component;

/** {@code core/echo}: returns its input as its output. */
@Component
class EchoFunction implements BuiltinFunction {

  @Override
  public String slug() {
    return "core/echo";
  }

  @Override
  public Object apply(Object input) {
    return input;
  }
}
