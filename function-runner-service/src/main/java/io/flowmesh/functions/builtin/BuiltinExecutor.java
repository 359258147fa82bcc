package io.flowmesh.functions.builtin;

import io.flowmesh.functions.execution.FunctionExecutor;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.model.function.FunctionRequested;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs builtin functions in the calling thread; they are pure and fast. */
@Component
class BuiltinExecutor implements FunctionExecutor {

  private static final Logger log = LoggerFactory.getLogger(BuiltinExecutor.class);

  private final Map<String, BuiltinFunction> functions;

  BuiltinExecutor(List<BuiltinFunction> functions) {
    this.functions =
        functions.stream().collect(Collectors.toMap(BuiltinFunction::slug, Function.identity()));
  }

  @Override
  public String executionType() {
    return "builtin";
  }

  @Override
  public Outcome execute(RegisteredFunction function, FunctionRequested request) {
    BuiltinFunction builtin = functions.get(function.slug());
    if (builtin == null) {
      // Registered by a migration of a newer version than this instance, e.g. during a rollout.
      return Outcome.failed(
          Outcome.FUNCTION_UNAVAILABLE,
          "Builtin function '" + function.slug() + "' is not available in this version.",
          true);
    }
    try {
      return Outcome.succeeded(builtin.apply(request.input()));
    } catch (RuntimeException e) {
      log.warn(
          "Builtin function {} failed for execution {}", function.slug(), request.executionId(), e);
      // The exception's message stays in the log: it might contain input data.
      return Outcome.failed(
          Outcome.FUNCTION_ERROR, "Builtin function '" + function.slug() + "' failed.", false);
    }
  }
}
