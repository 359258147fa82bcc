package io.flowmesh.functions.schema;

import io.flowmesh.jsonschema.SchemaChecker;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas of functions: checked when a function is registered, applied to its input and
 * output on every call. A schema may be an object or a boolean; none means anything goes.
 */
@Component
public class JsonSchemas {

  private final SchemaChecker checker = new SchemaChecker("the schema", 10);

  /**
   * Problems that keep the schema from being used, each naming where in the schema; empty if it
   * compiles.
   */
  public List<String> problems(JsonNode schema) {
    return checker.problems(schema);
  }

  /**
   * Where the value breaks the schema, one line per violation naming the JSON path ({@code
   * $.items[2].name: string found, integer expected}); empty if it matches or there is no schema.
   */
  public List<String> violations(JsonNode schema, JsonNode value) {
    return checker.violations(schema, value).stream()
        .map(violation -> violation.path() + ": " + violation.message())
        .toList();
  }
}
