package io.flowmesh.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.JsonNodeException;
import tools.jackson.databind.node.NullNode;

/**
 * Checks user-supplied JSON Schemas (draft 2020-12 unless a schema names another dialect with
 * {@code $schema}) and validates values against them. A {@code null} or JSON {@code null} schema
 * means "no schema": nothing to check, every value matches.
 *
 * <p>Remote {@code $ref}s are never fetched: a schema is user input, and fetching its references
 * would let any tenant make the service call arbitrary URLs (SSRF) while validating.
 */
public final class SchemaChecker {

  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  /** Compiled schemas by their JSON text; bounded so that many versions cannot exhaust memory. */
  private static final int CACHE_LIMIT = 2_000;

  /**
   * Why validation overflowed the stack. Schemas and data nest only as deep as Jackson reads them
   * (and the service allows), far below the stack's depth; what recurses without end is a {@code
   * $ref} that comes back to itself through {@code allOf}, {@code anyOf}, {@code not} and the like,
   * without a step into the data. The library has no depth bound of its own, so the overflow is
   * caught where it is known to mean that.
   */
  private static final String ENDLESS =
      "refers to itself without end: a $ref cycle that does not step into a property or item";

  /**
   * Why a number could not be compared. The library compares an integral number written as a double
   * ({@code 1e308}) with an integer bound as a {@code long} and throws when it does not fit, in the
   * schema (checked against the meta-schema) or in a value; a number is user input, so that is a
   * problem of the input, not an error of the service.
   */
  private static final String OUT_OF_RANGE =
      "has an integral number too large to compare (beyond a 64-bit integer)";

  /** Keywords whose violation is about one named property, which the library reports apart. */
  private static final Set<String> ABOUT_A_PROPERTY =
      Set.of("required", "additionalProperties", "dependentRequired");

  private static final ExecutionConfig ASSERT_FORMATS =
      ExecutionConfig.builder().formatAssertionsEnabled(true).build();

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private final Schema metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  private final String subject;
  private final int maxReported;
  private final boolean assertFormats;

  /**
   * @param subject what the schemas are to their users, in messages, e.g. {@code "the form"}
   * @param maxReported at most this many problems or violations are reported at once
   */
  public SchemaChecker(String subject, int maxReported) {
    this(subject, maxReported, false);
  }

  /**
   * @param subject what the schemas are to their users, in messages, e.g. {@code "the form"}
   * @param maxReported at most this many problems or violations are reported at once
   * @param assertFormats whether a value must match its {@code format} (a {@code "format": "uri"}
   *     string that is no URI is a violation) by this checker's own say, not left to the library's
   *     default
   */
  public SchemaChecker(String subject, int maxReported, boolean assertFormats) {
    this.subject = subject;
    this.maxReported = maxReported;
    this.assertFormats = assertFormats;
  }

  /**
   * Why the schema cannot be used, one line each naming where in the schema ({@code $.type: ...});
   * empty if it compiles.
   */
  public List<String> problems(JsonNode schema) {
    if (schema == null || schema.isNull()) {
      return List.of();
    }
    if (!schema.isObject() && !schema.isBoolean()) {
      return List.of("must be a JSON Schema (an object or a boolean)");
    }
    List<String> problems = new ArrayList<>();
    JsonNode dialect = schema.path("$schema");
    if (dialect.isMissingNode() || DRAFT_2020_12.equals(dialect.asString(""))) {
      try {
        metaSchema.validate(schema).stream()
            .limit(maxReported)
            .map(error -> path(error.getInstanceLocation()) + ": " + message(error))
            .forEach(problems::add);
      } catch (JsonNodeException e) {
        return List.of(OUT_OF_RANGE);
      }
    }
    if (problems.isEmpty()) {
      try {
        // Validating once makes the library resolve every keyword and $ref now, not at run time.
        compile(schema).validate(NullNode.getInstance());
      } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
        problems.add("does not compile: " + e.getMessage());
      } catch (JsonNodeException e) {
        problems.add(OUT_OF_RANGE);
      } catch (StackOverflowError e) {
        compiled.remove(schema.toString());
        problems.add(ENDLESS);
      }
    }
    return problems;
  }

  /**
   * Where the value breaks the schema, one entry per violation; empty if it matches or there is no
   * schema. A schema that recurses without end on this value is one violation at {@code $}.
   */
  public List<Violation> violations(JsonNode schema, JsonNode value) {
    if (schema == null || schema.isNull()) {
      return List.of();
    }
    List<Error> errors;
    try {
      Schema compiled = compile(schema);
      errors =
          assertFormats
              ? compiled.validate(value, context -> context.setExecutionConfig(ASSERT_FORMATS))
              : compiled.validate(value);
    } catch (StackOverflowError e) {
      return List.of(
          new Violation("$", "cannot be checked: " + subject + " " + ENDLESS, null, null));
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      // A $ref the check could not reach (it validates null, which steps into no property or
      // item) is resolved only when a value steps there: the schema is broken, not the service.
      return List.of(
          new Violation(
              "$",
              "cannot be checked: " + subject + " does not compile: " + e.getMessage(),
              null,
              null));
    } catch (JsonNodeException e) {
      return List.of(
          new Violation("$", "cannot be checked: the value " + OUT_OF_RANGE, null, null));
    }
    return errors.stream().limit(maxReported).map(SchemaChecker::violation).toList();
  }

  /**
   * One way a value breaks a schema.
   *
   * @param path JSON path of the offending value as our API errors write it ({@code
   *     $.items[2].name}), {@code $} for the whole value
   * @param message what is wrong with it
   * @param keyword the schema keyword the value breaks, e.g. {@code type}; null if the schema
   *     cannot be checked
   * @param property the property a {@code required}, {@code dependentRequired} or {@code
   *     additionalProperties} violation is about (missing or not allowed); otherwise null
   */
  public record Violation(String path, String message, String keyword, String property) {

    /**
     * Where a form shows the violation: the property it is about if there is one ({@code
     * $.settings.baseUrl} for a missing {@code baseUrl}), else the value's path.
     */
    public String fieldPath() {
      return property == null ? path : path + segment(property);
    }
  }

  private static Violation violation(Error error) {
    String keyword = error.getKeyword();
    String property = ABOUT_A_PROPERTY.contains(keyword) ? error.getProperty() : null;
    return new Violation(path(error.getInstanceLocation()), message(error), keyword, property);
  }

  private Schema compile(JsonNode schema) {
    String key = schema.toString();
    Schema cached = compiled.get(key);
    if (cached != null) {
      return cached;
    }
    Schema fresh = registry.getSchema(schema);
    if (compiled.size() >= CACHE_LIMIT) {
      compiled.clear();
    }
    compiled.put(key, fresh);
    return fresh;
  }

  /** The library's message without the location it starts with; the path is reported apart. */
  private static String message(Error error) {
    String message = error.getMessage();
    String location = String.valueOf(error.getInstanceLocation());
    return message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message;
  }

  private static String path(NodePath location) {
    StringBuilder path = new StringBuilder("$");
    for (int i = 0; location != null && i < location.getNameCount(); i++) {
      path.append(segment(location.getElement(i)));
    }
    return path.toString();
  }

  /** One step of a path: {@code [2]}, {@code .name}, or {@code ['odd name']}. */
  private static String segment(Object element) {
    if (element instanceof Number index) {
      return "[" + index + "]";
    }
    String name = element.toString();
    return name.matches("[A-Za-z_$][A-Za-z0-9_$-]*")
        ? "." + name
        : "['" + name.replace("'", "\\'") + "']";
  }
}
