package io.flowmesh.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
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

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private final Schema metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
  private final String subject;
  private final int maxReported;

  /**
   * @param subject what the schemas are to their users, in messages, e.g. {@code "the form"}
   * @param maxReported at most this many problems or violations are reported at once
   */
  public SchemaChecker(String subject, int maxReported) {
    this.subject = subject;
    this.maxReported = maxReported;
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
      metaSchema.validate(schema).stream()
          .limit(maxReported)
          .map(error -> path(error.getInstanceLocation()) + ": " + message(error))
          .forEach(problems::add);
    }
    if (problems.isEmpty()) {
      try {
        // Validating once makes the library resolve every keyword and $ref now, not at run time.
        compile(schema).validate(NullNode.getInstance());
      } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
        problems.add("does not compile: " + e.getMessage());
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
      errors = compile(schema).validate(value);
    } catch (StackOverflowError e) {
      return List.of(new Violation("$", "cannot be checked: " + subject + " " + ENDLESS));
    }
    return errors.stream()
        .limit(maxReported)
        .map(error -> new Violation(path(error.getInstanceLocation()), message(error)))
        .toList();
  }

  /**
   * One way a value breaks a schema.
   *
   * @param path JSON path of the offending value as our API errors write it ({@code
   *     $.items[2].name}), {@code $} for the whole value
   * @param message what is wrong with it
   */
  public record Violation(String path, String message) {}

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
      Object element = location.getElement(i);
      if (element instanceof Number index) {
        path.append('[').append(index).append(']');
      } else if (element.toString().matches("[A-Za-z_$][A-Za-z0-9_$-]*")) {
        path.append('.').append(element);
      } else {
        path.append("['").append(element.toString().replace("'", "\\'")).append("']");
      }
    }
    return path.toString();
  }
}
