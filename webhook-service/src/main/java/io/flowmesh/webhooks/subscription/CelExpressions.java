package io.flowmesh.webhooks.subscription;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscription filters and ordering-key expressions in CEL, over one variable {@code event}: the
 * CloudEvent as a map ({@code id}, {@code type}, {@code source}, {@code subject}, {@code time},
 * {@code tenant}, {@code key} (the Kafka record key) and {@code data}, the JSON payload). CEL is
 * sandboxed, side-effect free and bounded (no unbounded loops; comprehensions are capped); never a
 * scripting language on tenant input (docs/architecture.md).
 *
 * <p>Expressions are compiled and type-checked when a subscription is saved, so that a bad one is a
 * 400 naming the field; ingestion evaluates the cached program.
 */
public final class CelExpressions {

  /** Longest accepted expression. */
  static final int MAX_LENGTH = 2000;

  private static final int CACHE_LIMIT = 10_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .maxExpressionCodePointSize(MAX_LENGTH)
          .comprehensionMaxIterations(1000)
          .build();

  private static final Cel FILTER = cel(SimpleType.BOOL);
  private static final Cel KEY = cel(SimpleType.STRING);

  private static final Map<String, Program> FILTERS = new ConcurrentHashMap<>();
  private static final Map<String, Program> KEYS = new ConcurrentHashMap<>();

  private CelExpressions() {}

  private static Cel cel(CelType result) {
    return CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .setResultType(result)
        .build();
  }

  /** What is wrong with a filter (must be a bool expression), or empty. */
  static Optional<String> filterProblem(String expression) {
    return problem(FILTER, expression, "a bool");
  }

  /** What is wrong with an ordering-key expression (must be a string expression), or empty. */
  static Optional<String> keyProblem(String expression) {
    return problem(KEY, expression, "a string");
  }

  /**
   * Whether the event passes the filter. An expression that fails on this event (e.g. a missing
   * field) does not match: the subscriber asked for events the filter accepts.
   */
  public static boolean matches(String filter, Map<String, Object> event) {
    try {
      return Boolean.TRUE.equals(program(FILTERS, FILTER, filter).eval(Map.of("event", event)));
    } catch (CelEvaluationException | CelValidationException e) {
      return false;
    }
  }

  /** The ordering key the expression gives this event, or empty if it fails on it. */
  public static Optional<String> key(String expression, Map<String, Object> event) {
    try {
      Object value = program(KEYS, KEY, expression).eval(Map.of("event", event));
      return value == null ? Optional.empty() : Optional.of(value.toString());
    } catch (CelEvaluationException | CelValidationException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> problem(Cel cel, String expression, String resultKind) {
    if (expression.isBlank()) {
      return Optional.of("must not be blank; leave it out (or null) for none");
    }
    if (expression.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    CelValidationResult result = cel.compile(expression);
    if (result.hasError()) {
      return Optional.of(
          "is not a valid CEL expression giving " + resultKind + ": " + result.getErrorString());
    }
    return Optional.empty();
  }

  private static Program program(Map<String, Program> cache, Cel cel, String expression)
      throws CelValidationException, CelEvaluationException {
    Program cached = cache.get(expression);
    if (cached != null) {
      return cached;
    }
    Program program = cel.createProgram(cel.compile(expression).getAst());
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear(); // rare; bounded memory matters more than a recompile
    }
    cache.put(expression, program);
    return program;
  }
}
