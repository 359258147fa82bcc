package io.flowmesh.orchestrator.definition;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL expressions of a definition (conditions, switch cases). Every expression sees the same
 * variables: {@code trigger} (the trigger data), {@code input} (the previous node's output), {@code
 * nodes} (completed nodes' outputs by node id) and {@code run} ({@code id}, {@code workflowId}).
 *
 * <p>Expressions are compiled and type-checked when a definition is saved, so a run only meets
 * errors that depend on its data. Compiled programs are cached by source text: definitions are
 * immutable per version and the same few expressions are evaluated for every run.
 */
public final class Expressions {

  public static final List<String> VARIABLES = List.of("trigger", "input", "nodes", "run");

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          // has(), all(), exists(), map(), filter(): what users expect of CEL
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("trigger", SimpleType.DYN)
          .addVar("input", SimpleType.DYN)
          .addVar("nodes", SimpleType.DYN)
          .addVar("run", SimpleType.DYN)
          .build();

  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private Expressions() {}

  /** Why {@code source} does not compile as a boolean expression, or empty if it does. */
  public static Optional<String> checkBoolean(String source) {
    try {
      CelAbstractSyntaxTree ast = CEL.compile(source).getAst();
      var type = ast.getResultType();
      if (type != SimpleType.BOOL && type != SimpleType.DYN) {
        return Optional.of("must evaluate to a boolean, but evaluates to " + type.name());
      }
      return Optional.empty();
    } catch (CelValidationException e) {
      return Optional.of(firstLine(e.getMessage()));
    }
  }

  /** Why {@code source} does not compile as an expression yielding a list, or empty if it does. */
  public static Optional<String> checkList(String source) {
    try {
      var type = CEL.compile(source).getAst().getResultType();
      if (type != SimpleType.DYN && !"list".equals(type.name())) {
        return Optional.of("must evaluate to a list, but evaluates to " + type.name());
      }
      return Optional.empty();
    } catch (CelValidationException e) {
      return Optional.of(firstLine(e.getMessage()));
    }
  }

  /**
   * Evaluates an expression that yields a list (a for-each's items), as JSON values.
   *
   * @throws ExpressionFailedException if evaluation fails or the result is not a list
   */
  public static List<Object> evaluateList(String source, Map<String, Object> variables) {
    Object result = evaluate(source, variables);
    if (result instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list.size());
      list.forEach(item -> items.add(fromCel(item)));
      return items;
    }
    throw new ExpressionFailedException("'" + source + "' evaluated to " + result + ", not a list");
  }

  /** CEL values back as JSON values: CEL's null becomes null, maps get string keys. */
  private static Object fromCel(Object value) {
    return switch (value) {
      case null -> null;
      case com.google.protobuf.NullValue n -> null;
      case Map<?, ?> map -> {
        Map<String, Object> converted = new LinkedHashMap<>();
        map.forEach((k, v) -> converted.put(String.valueOf(k), fromCel(v)));
        yield converted;
      }
      case List<?> list -> {
        List<Object> converted = new ArrayList<>(list.size());
        list.forEach(v -> converted.add(fromCel(v)));
        yield converted;
      }
      case String text -> text;
      case Number number -> number;
      case Boolean bool -> bool;
      default -> String.valueOf(value);
    };
  }

  /**
   * Evaluates a boolean expression against the variables.
   *
   * @throws ExpressionFailedException if evaluation fails or the result is not a boolean
   */
  public static boolean evaluateBoolean(String source, Map<String, Object> variables) {
    Object result = evaluate(source, variables);
    if (result instanceof Boolean value) {
      return value;
    }
    throw new ExpressionFailedException(
        "'" + source + "' evaluated to " + result + ", not a boolean");
  }

  private static Object evaluate(String source, Map<String, Object> variables) {
    try {
      CelRuntime.Program program = PROGRAMS.computeIfAbsent(source, Expressions::program);
      Map<String, Object> celValues = new LinkedHashMap<>();
      for (String name : VARIABLES) {
        celValues.put(name, toCel(variables.getOrDefault(name, Map.of())));
      }
      return program.eval(celValues);
    } catch (CelEvaluationException e) {
      throw new ExpressionFailedException("'" + source + "' failed: " + firstLine(e.getMessage()));
    }
  }

  private static CelRuntime.Program program(String source) {
    try {
      return CEL.createProgram(CEL.compile(source).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      // Saved definitions were checked, so this only happens for a definition saved before CEL
      // checking existed; report it like an evaluation failure.
      throw new ExpressionFailedException(
          "'" + source + "' does not compile: " + firstLine(e.getMessage()));
    }
  }

  /**
   * JSON values as CEL expects them: CEL integers are 64-bit and doubles are doubles, while JSON
   * parsing yields Integer, BigDecimal and friends; null becomes CEL's null.
   */
  static Object toCel(Object value) {
    if (value == null) {
      return com.google.protobuf.NullValue.NULL_VALUE;
    }
    return switch (value) {
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigDecimal d -> d.doubleValue();
      case Map<?, ?> map -> {
        Map<String, Object> converted = new LinkedHashMap<>();
        map.forEach((k, v) -> converted.put(String.valueOf(k), toCel(v)));
        yield converted;
      }
      case List<?> list -> {
        List<Object> converted = new ArrayList<>(list.size());
        list.forEach(v -> converted.add(toCel(v)));
        yield converted;
      }
      default -> value;
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid expression";
    }
    return message.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  /** An expression could not be evaluated for this run's data. */
  public static final class ExpressionFailedException extends RuntimeException {
    public ExpressionFailedException(String message) {
      super(message);
    }
  }
}
