package io.flowmesh.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL expressions on tenant input, over a fixed set of variables, each a JSON-like map (as {@link
 * CelValues#of} makes them). CEL is sandboxed, side-effect free and bounded: expressions are at
 * most {@value #MAX_LENGTH} characters and comprehensions stop after 1,000 iterations. An
 * expression is checked when it is saved ({@link #problem}, a message for a 400 naming the field),
 * and compiled once for evaluation (a bounded cache).
 */
public final class CelExpressions {

  /** Longest accepted expression. */
  public static final int MAX_LENGTH = 2000;

  private static final int CACHE_LIMIT = 10_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .maxExpressionCodePointSize(MAX_LENGTH)
          .comprehensionMaxIterations(1000)
          .build();

  /** What an expression must give. */
  public enum Result {
    BOOL(SimpleType.BOOL, "a bool"),
    STRING(SimpleType.STRING, "a string"),
    ANY(SimpleType.DYN, "a value");

    private final CelType type;
    private final String description;

    Result(CelType type, String description) {
      this.type = type;
      this.description = description;
    }
  }

  /** An expression that failed on the values it was given (a missing field, a wrong type). */
  public static final class EvaluationFailure extends Exception {
    EvaluationFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Map<Result, Cel> environments = new EnumMap<>(Result.class);
  private final Map<Result, Map<String, Program>> programs = new EnumMap<>(Result.class);

  private CelExpressions(List<String> variables) {
    for (Result result : Result.values()) {
      CelBuilder builder =
          CelFactory.standardCelBuilder()
              .setOptions(OPTIONS)
              // has(), all, exists, exists_one, map and filter
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .setResultType(result.type);
      for (String variable : variables) {
        builder.addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN));
      }
      environments.put(result, builder.build());
      programs.put(result, new ConcurrentHashMap<>());
    }
  }

  /** Expressions over these variables, each a map from names to JSON-like values. */
  public static CelExpressions over(String... variables) {
    return new CelExpressions(List.of(variables));
  }

  /** What is wrong with the expression, or empty if it compiles and gives the result. */
  public Optional<String> problem(String expression, Result result) {
    if (expression.isBlank()) {
      return Optional.of("must not be blank; leave it out (or null) for none");
    }
    if (expression.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    CelValidationResult compiled = environments.get(result).compile(expression);
    if (compiled.hasError()) {
      return Optional.of(
          "is not a valid CEL expression giving "
              + result.description
              + ": "
              + compiled.getErrorString());
    }
    return Optional.empty();
  }

  /**
   * Evaluates the expression over the variables' values.
   *
   * @return the value, as CEL gives it (see {@link CelValues#toJson} to turn it into JSON)
   * @throws EvaluationFailure if the expression does not compile or fails on these values
   */
  public Object evaluate(String expression, Result result, Map<String, Object> values)
      throws EvaluationFailure {
    try {
      return program(expression, result).eval(values);
    } catch (CelEvaluationException | CelValidationException e) {
      throw new EvaluationFailure(e.getMessage(), e);
    }
  }

  private Program program(String expression, Result result)
      throws CelValidationException, CelEvaluationException {
    Map<String, Program> cache = programs.get(result);
    Program cached = cache.get(expression);
    if (cached != null) {
      return cached;
    }
    Cel cel = environments.get(result);
    Program program = cel.createProgram(cel.compile(expression).getAst());
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // rare; bounded memory matters more than a recompile
    }
    cache.put(expression, program);
    return program;
  }
}
