package io.flowmesh.orchestrator.definition;

import io.flowmesh.jsonschema.SchemaChecker;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas of manual-task forms: checked when a definition is saved, applied when a task is
 * completed. A form is a config value, so it must be a schema object.
 */
public final class FormSchemas {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SchemaChecker CHECKER = new SchemaChecker("the form", 20);

  private FormSchemas() {}

  /** Why the form (a config value) is not a usable JSON Schema, one line each; empty if it is. */
  public static List<String> problems(Object form) {
    if (!(form instanceof Map<?, ?>)) {
      return List.of("must be a JSON Schema object");
    }
    return CHECKER.problems(JSON.valueToTree(form));
  }

  /**
   * Where the data breaks the form, one entry per violation: the JSON path ({@code $.amount}) and
   * the reason. Empty if the data matches or there is no form.
   */
  public static List<Violation> violations(Object form, Object data) {
    if (form == null) {
      return List.of();
    }
    return CHECKER.violations(JSON.valueToTree(form), JSON.valueToTree(data)).stream()
        .map(violation -> new Violation(violation.path(), violation.message()))
        .toList();
  }

  /**
   * One way submitted data breaks a form.
   *
   * @param path JSON path of the offending value, {@code $} for the whole document
   * @param message what is wrong with it
   */
  public record Violation(String path, String message) {

    /** The offending value named from a field of the request, e.g. {@code input.amount}. */
    public String field(String root) {
      return root + path.substring(1);
    }
  }
}
