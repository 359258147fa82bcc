package io.flowmesh.functions.builtin;

import io.flowmesh.functions.connection.ConnectionException;
import io.flowmesh.functions.execution.FunctionExecutor;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.registry.RegisteredFunction;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs builtin functions: those that only compute on the listener's thread, the others (HTTP,
 * e-mail, Slack) on the execution's own virtual thread.
 */
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
  public boolean runsInline(RegisteredFunction function) {
    BuiltinFunction builtin = functions.get(function.slug());
    return builtin != null && builtin.computesOnly();
  }

  @Override
  public Outcome execute(Invocation invocation) {
    String slug = invocation.function().slug();
    BuiltinFunction builtin = functions.get(slug);
    if (builtin == null) {
      // Registered by a migration of a newer version than this instance, e.g. during a rollout.
      return Outcome.failed(
          Outcome.FUNCTION_UNAVAILABLE,
          "Builtin function '" + slug + "' is not available in this version.",
          true);
    }
    try {
      return Outcome.succeeded(builtin.apply(invocation));
    } catch (FunctionFailure e) {
      return Outcome.failed(e.code(), e.getMessage(), e.retryable());
    } catch (ConnectionException e) {
      return Outcome.failed(e.code(), e.getMessage(), e.retryable());
    } catch (RuntimeException e) {
      log.warn("Builtin function {} failed for execution {}", slug, invocation.executionId(), e);
      // The exception's message stays in the log: it might contain input data.
      return Outcome.failed(
          Outcome.FUNCTION_ERROR, "Builtin function '" + slug + "' failed.", false);
    }
  }
}
