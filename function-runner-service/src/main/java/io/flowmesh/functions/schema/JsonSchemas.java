package io.flowmesh.functions.schema;

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
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Compiles and applies the JSON Schemas of functions (draft 2020-12 unless a schema names another
 * dialect with {@code $schema}).
 *
 * <p>Remote {@code $ref}s are never fetched: a schema is user input, and fetching its references
 * would let any tenant make this service call arbitrary URLs (SSRF) while validating.
 */
@Component
public class JsonSchemas {

  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  /** Compiled schemas by their JSON text; bounded so that many versions cannot exhaust memory. */
  private static final int CACHE_LIMIT = 2_000;

  private static final int MAX_REPORTED = 10;

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private final Schema metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /**
   * Problems that keep the schema from being used, each naming where in the schema; empty if it
   * compiles.
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
          .limit(MAX_REPORTED)
          .map(JsonSchemas::describe)
          .forEach(problems::add);
    }
    if (problems.isEmpty()) {
      try {
        // Validating once makes the library resolve every keyword and $ref now, not at run time.
        compile(schema).validate(NullNode.getInstance());
      } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
        problems.add("does not compile: " + e.getMessage());
      }
    }
    return problems;
  }

  /**
   * Where the value breaks the schema, one line per violation naming the JSON path; empty if it
   * matches or there is no schema.
   */
  public List<String> violations(JsonNode schema, JsonNode value) {
    if (schema == null || schema.isNull()) {
      return List.of();
    }
    return compile(schema).validate(value).stream()
        .limit(MAX_REPORTED)
        .map(JsonSchemas::describe)
        .toList();
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

  /** "$.items[2].name: string found, integer expected", the path as our API errors write it. */
  private static String describe(Error error) {
    String message = error.getMessage();
    String location = String.valueOf(error.getInstanceLocation());
    if (message.startsWith(location + ": ")) {
      message = message.substring(location.length() + 2);
    }
    return path(error.getInstanceLocation()) + ": " + message;
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
