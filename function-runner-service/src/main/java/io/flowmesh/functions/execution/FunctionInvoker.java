package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.functions.schema.JsonSchemas;
import io.flowmesh.model.function.FunctionRequested;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one execution of a resolved function: checks that it may and can run here, validates the
 * input against its schema, runs its executor (with that executor's timeouts, concurrency limits
 * and circuit breakers) and validates the output. A run's requests from Kafka and direct calls
 * ({@code POST /execute}) both go through here, so they behave alike.
 */
@Component
public class FunctionInvoker {

  private static final Logger log = LoggerFactory.getLogger(FunctionInvoker.class);

  private final JsonSchemas schemas;
  private final JsonMapper json;
  private final Map<String, FunctionExecutor> executors;

  FunctionInvoker(JsonSchemas schemas, JsonMapper json, List<FunctionExecutor> executors) {
    this.schemas = schemas;
    this.json = json;
    this.executors =
        executors.stream()
            .collect(Collectors.toMap(FunctionExecutor::executionType, Function.identity()));
  }

  /** How long the execution may take: the request's timeout if shorter than the function's. */
  public static Duration timeout(FunctionRequested request, RegisteredFunction function) {
    Duration registered = Duration.ofSeconds(function.timeoutSeconds());
    if (request.timeoutMillis() > 0) {
      Duration requested = Duration.ofMillis(request.timeoutMillis());
      return requested.compareTo(registered) < 0 ? requested : registered;
    }
    return registered;
  }

  /** Whether the function only computes and may run on the caller's thread. */
  boolean runsInline(RegisteredFunction function) {
    if (function == null || !function.enabled()) {
      return false;
    }
    FunctionExecutor executor = executors.get(function.executionType());
    return executor != null && executor.runsInline(function);
  }

  /**
   * Runs the execution once; every failure is returned, never thrown.
   *
   * @param function the function, or null if none of that slug is visible (FUNCTION_NOT_FOUND)
   */
  public Outcome invoke(String tenant, FunctionRequested request, RegisteredFunction function) {
    try {
      return outcome(tenant, request, function);
    } catch (RuntimeException e) {
      log.warn("Execution {} failed unexpectedly", request.executionId(), e);
      return Outcome.failed(Outcome.FUNCTION_ERROR, "The function failed unexpectedly.", false);
    }
  }

  private Outcome outcome(String tenant, FunctionRequested request, RegisteredFunction function) {
    if (function == null || !function.enabled()) {
      return Outcome.failed(
          Outcome.FUNCTION_NOT_FOUND,
          "No enabled function '" + request.function() + "' is registered for this tenant.",
          false);
    }
    FunctionExecutor executor = executors.get(function.executionType());
    if (executor == null) {
      return Outcome.failed(
          Outcome.FUNCTION_UNAVAILABLE,
          "Functions of type '" + function.executionType() + "' cannot run here.",
          false);
    }
    JsonNode input = json.valueToTree(request.input());
    List<String> violations = schemas.violations(function.inputSchema(), input);
    if (!violations.isEmpty()) {
      return Outcome.failed(
          Outcome.INPUT_INVALID,
          "The input does not match the input schema of '"
              + function.slug()
              + "': "
              + String.join("; ", violations),
          false);
    }
    Outcome outcome =
        executor.execute(
            new Invocation(tenant, request, function, input, timeout(request, function)));
    if (outcome instanceof Outcome.Succeeded succeeded) {
      List<String> wrong =
          schemas.violations(function.outputSchema(), json.valueToTree(succeeded.output()));
      if (!wrong.isEmpty()) {
        return Outcome.failed(
            Outcome.OUTPUT_INVALID,
            "The output of '"
                + function.slug()
                + "' does not match its output schema: "
                + String.join("; ", wrong),
            false);
      }
    }
    return outcome;
  }
}
