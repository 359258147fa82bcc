package io.flowmesh.orchestrator.definition;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The save-time check of {@code system/http-request}'s {@code headers} when the Workflow Builder
 * gives them as a JSON string ({@code "{\"Authorization\": \"Bearer {{trigger.token}}\"}"}). The
 * string is parsed only after its templates are resolved, so here each template stands in as a
 * plain value: what is not a JSON object even then never will be, and is an error now. What depends
 * on the resolved values is checked by the function when it runs.
 */
final class HttpRequestHeaders {

  static final String FUNCTION = "system/http-request";

  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{[^{}]*}}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HttpRequestHeaders() {}

  static void check(Node node, String path, List<FieldProblem> problems) {
    if (!FUNCTION.equals(node.function())
        || !(inputOf(node).get("headers") instanceof String headers)) {
      return;
    }
    String field = path + ".config.headers";
    // A template inside a JSON string value, or in place of a value, leaves valid JSON either way.
    String standIn = TEMPLATE.matcher(headers).replaceAll("0");
    JsonNode parsed;
    try {
      parsed = JSON.readTree(standIn);
    } catch (JacksonException e) {
      problems.add(new FieldProblem(field, prefix(node) + "is not valid JSON: " + reason(e)));
      return;
    }
    if (parsed == null || !parsed.isObject()) {
      problems.add(
          new FieldProblem(
              field, prefix(node) + "must be a JSON object of header names to values"));
      return;
    }
    parsed
        .properties()
        .forEach(
            header -> {
              if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                problems.add(
                    new FieldProblem(
                        field,
                        prefix(node)
                            + "the value of header '"
                            + header.getKey()
                            + "' must be a string"));
              }
            });
  }

  /** The function input: {@code config.input} if the node has one, else its flat config. */
  private static Map<?, ?> inputOf(Node node) {
    return node.inputTemplate() instanceof Map<?, ?> input ? input : Map.of();
  }

  private static String prefix(Node node) {
    return "node '" + node.id() + "': headers given as a string ";
  }

  /** The parser's complaint without the echo of the document, which may hold a secret. */
  private static String reason(JacksonException e) {
    String message = e.getOriginalMessage();
    int echo = message.indexOf(" (for ");
    String location =
        e.getLocation() == null ? "" : " at character " + (e.getLocation().getColumnNr());
    return (echo < 0 ? message : message.substring(0, echo)) + location;
  }
}
