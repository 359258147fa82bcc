package io.flowmesh.orchestrator.definition;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /** The longest expression, in characters (Unicode code points). */
  static final int MAX_LENGTH = 10_000;

  /** How deeply an expression may nest (parentheses, calls, operators that are not balanced). */
  static final int MAX_NESTING = 100;

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          // The parser, checker and interpreter recurse over the expression, which is user input.
          .setOptions(
              CelOptions.current()
                  .maxExpressionCodePointSize(MAX_LENGTH)
                  .maxParseRecursionDepth(MAX_NESTING)
                  .build())
          // has(), all(), exists(), map(), filter(): what users expect of CEL
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("trigger", SimpleType.DYN)
          .addVar("input", SimpleType.DYN)
          .addVar("nodes", SimpleType.DYN)
          .addVar("run", SimpleType.DYN)
          .build();

  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private static final int CACHE_LIMIT = 10_000;
  private static final int CACHED_LENGTH = 1_000;
  private static final Map<String, Checked> CHECKED = new ConcurrentHashMap<>();

  private Expressions() {}

  /** Why {@code source} does not compile as a boolean expression, or empty if it does. */
  public static Optional<String> checkBoolean(String source) {
    Checked checked = check(source);
    if (checked.problem() != null) {
      return Optional.of(checked.problem());
    }
    CelType type = checked.type();
    if (type != SimpleType.BOOL && type != SimpleType.DYN) {
      return Optional.of("must evaluate to a boolean, but evaluates to " + type.name());
    }
    return Optional.empty();
  }

  /** Why {@code source} does not compile as an expression yielding a list, or empty if it does. */
  public static Optional<String> checkList(String source) {
    Checked checked = check(source);
    if (checked.problem() != null) {
      return Optional.of(checked.problem());
    }
    CelType type = checked.type();
    if (type != SimpleType.DYN && !"list".equals(type.name())) {
      return Optional.of("must evaluate to a list, but evaluates to " + type.name());
    }
    return Optional.empty();
  }

  /** The result type of an expression, or why it does not compile. */
  private record Checked(CelType type, String problem) {}

  /**
   * Compiles and type-checks, about a millisecond an expression, so the outcome is cached by
   * source: a saved version is parsed again whenever it is loaded, and many nodes share an
   * expression. Only short expressions, and a bounded number of them, so that it stays small.
   */
  private static Checked check(String source) {
    if (tooLong(source)) {
      return new Checked(null, tooLongProblem(source));
    }
    Checked cached = CHECKED.get(source);
    if (cached != null) {
      return cached;
    }
    Checked fresh;
    try {
      fresh = new Checked(CEL.compile(source).getAst().getResultType(), null);
    } catch (CelValidationException e) {
      fresh = new Checked(null, firstLine(e.getMessage()));
    }
    if (source.length() <= CACHED_LENGTH) {
      if (CHECKED.size() >= CACHE_LIMIT) {
        CHECKED.clear();
      }
      CHECKED.put(source, fresh);
    }
    return fresh;
  }

  private static boolean tooLong(String source) {
    return source.length() > MAX_LENGTH && source.codePointCount(0, source.length()) > MAX_LENGTH;
  }

  private static String tooLongProblem(String source) {
    return "is "
        + source.codePointCount(0, source.length())
        + " characters long; at most "
        + MAX_LENGTH
        + " are allowed";
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

  /**
   * CEL values back as JSON values: CEL's null becomes null, maps get string keys. Recursive: data
   * nests at most as deep as Jackson reads it (StreamReadConstraints, 500 levels by default).
   */
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
   * parsing yields Integer, BigDecimal and friends; null becomes CEL's null. Objects and arrays
   * become views converted as the expression reads them: every condition sees {@code nodes}, the
   * outputs of the whole run, and copying them for each one made a chain of conditions quadratic.
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
      case Map<?, ?> map -> new CelMap(map);
      case List<?> list -> new CelList(list);
      default -> value;
    };
  }

  /** A JSON object seen through {@link #toCel}: string keys, values converted when read. */
  private static final class CelMap extends AbstractMap<String, Object> {

    private final Map<?, ?> json;

    CelMap(Map<?, ?> json) {
      this.json = json;
    }

    @Override
    public Object get(Object key) {
      return json.containsKey(key) ? toCel(json.get(key)) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return json.containsKey(key);
    }

    @Override
    public int size() {
      return json.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<? extends Entry<?, ?>> entries = json.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<?, ?> entry = entries.next();
              return new SimpleImmutableEntry<>(
                  String.valueOf(entry.getKey()), toCel(entry.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return json.size();
        }
      };
    }
  }

  /** A JSON array seen through {@link #toCel}: items converted when read. */
  private static final class CelList extends AbstractList<Object> {

    private final List<?> json;

    CelList(List<?> json) {
      this.json = json;
    }

    @Override
    public Object get(int index) {
      return toCel(json.get(index));
    }

    @Override
    public int size() {
      return json.size();
    }
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
