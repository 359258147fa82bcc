package io.flowmesh.orchestrator.definition;

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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The JSON Schemas of manual-task forms (draft 2020-12 unless a schema names another dialect with
 * {@code $schema}): checked when a definition is saved, applied when a task is completed.
 *
 * <p>Remote {@code $ref}s are never fetched: a form is user input, and fetching its references
 * would let any tenant make the orchestrator call arbitrary URLs (SSRF) while validating.
 */
public final class FormSchemas {

  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  /** Compiled schemas by their JSON text; bounded so that many versions cannot exhaust memory. */
  private static final int CACHE_LIMIT = 2_000;

  private static final int MAX_REPORTED = 20;

  /**
   * Why validation overflowed the stack. A form nests at most {@code max-config-depth} levels and
   * data as deep as Jackson reads it, far below the stack's depth; what recurses without end is a
   * {@code $ref} that comes back to itself through {@code allOf}, {@code anyOf}, {@code not} and
   * the like, without a step into the data. The library has no depth bound of its own, so the
   * overflow is caught where it is known to mean that.
   */
  private static final String ENDLESS =
      "refers to itself without end: a $ref cycle that does not step into a property or item";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private static final Schema META_SCHEMA = REGISTRY.getSchema(SchemaLocation.of(DRAFT_2020_12));
  private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

  private FormSchemas() {}

  /** Why the form (a config value) is not a usable JSON Schema, one line each; empty if it is. */
  public static List<String> problems(Object form) {
    if (!(form instanceof Map<?, ?>)) {
      return List.of("must be a JSON Schema object");
    }
    JsonNode schema = JSON.valueToTree(form);
    List<String> problems = new ArrayList<>();
    JsonNode dialect = schema.path("$schema");
    if (dialect.isMissingNode() || DRAFT_2020_12.equals(dialect.asString(""))) {
      META_SCHEMA.validate(schema).stream()
          .limit(MAX_REPORTED)
          .map(FormSchemas::describe)
          .forEach(problems::add);
    }
    if (problems.isEmpty()) {
      try {
        // Validating once makes the library resolve every keyword and $ref now, not at run time.
        compile(schema).validate(NullNode.getInstance());
      } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
        problems.add("does not compile: " + e.getMessage());
      } catch (StackOverflowError e) {
        COMPILED.remove(schema.toString());
        problems.add(ENDLESS);
      }
    }
    return problems;
  }

  /**
   * Where the data breaks the form, one entry per violation: the JSON path ({@code $.amount}) and
   * the reason. Empty if the data matches or there is no form.
   */
  public static List<Violation> violations(Object form, Object data) {
    if (form == null) {
      return List.of();
    }
    List<Error> errors;
    try {
      errors = compile(JSON.valueToTree(form)).validate(JSON.valueToTree(data));
    } catch (StackOverflowError e) {
      return List.of(new Violation("$", "cannot be checked: the form " + ENDLESS));
    }
    return errors.stream()
        .limit(MAX_REPORTED)
        .map(error -> new Violation(path(error.getInstanceLocation()), message(error)))
        .toList();
  }

  /**
   * One way submitted data breaks a form.
   *
   * @param path JSON path of the offending value, {@code $} for the whole document
   * @param message what is wrong with it
   */
  public record Violation(String path, String message) {}

  private static Schema compile(JsonNode schema) {
    String key = schema.toString();
    Schema cached = COMPILED.get(key);
    if (cached != null) {
      return cached;
    }
    Schema fresh = REGISTRY.getSchema(schema);
    if (COMPILED.size() >= CACHE_LIMIT) {
      COMPILED.clear();
    }
    COMPILED.put(key, fresh);
    return fresh;
  }

  private static String describe(Error error) {
    return path(error.getInstanceLocation()) + ": " + message(error);
  }

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
