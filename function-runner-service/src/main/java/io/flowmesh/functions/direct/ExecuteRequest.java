package io.flowmesh.functions.direct;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The body of {@code POST /execute}, the Workflow Builder's function runner call, field for field.
 *
 * @param functionSlug the function to run, e.g. {@code core/echo}; required
 * @param executionId the caller's id of this call, unique per tenant; required. The same id again
 *     answers the recorded outcome instead of running the function again
 * @param workflowId the calling workflow, recorded for the caller's reference
 * @param nodeId the calling node, recorded for the caller's reference
 * @param nodeName the calling node's label, recorded for the caller's reference
 * @param input the function's input, a JSON object (absent: an empty one), taken as given
 * @param nodeOutputs earlier nodes' outputs; accepted and ignored: templates in the input are
 *     resolved by the caller before it calls (ADR 0022)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ExecuteRequest(
    String functionSlug,
    String executionId,
    String workflowId,
    String nodeId,
    String nodeName,
    JsonNode input,
    JsonNode nodeOutputs) {

  private static final int MAX_SLUG = 100;
  private static final int MAX_ID = 200;

  /** The input the function gets: an absent or null input is an empty object. */
  JsonNode functionInput() {
    return input == null || input.isNull() ? JsonNodeFactory.instance.objectNode() : input;
  }

  /** Every rule the request breaks, named by its field on the wire; empty if none. */
  List<FieldProblem> problems() {
    List<FieldProblem> problems = new ArrayList<>();
    text(problems, "function_slug", functionSlug, MAX_SLUG, true);
    text(problems, "execution_id", executionId, MAX_ID, true);
    text(problems, "workflow_id", workflowId, MAX_ID, false);
    text(problems, "node_id", nodeId, MAX_ID, false);
    text(problems, "node_name", nodeName, MAX_ID, false);
    if (!functionInput().isObject()) {
      problems.add(new FieldProblem("input", "must be a JSON object"));
    }
    return problems;
  }

  private static void text(
      List<FieldProblem> problems, String field, String value, int max, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        problems.add(new FieldProblem(field, "is required"));
      }
    } else if (value.length() > max) {
      problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      problems.add(new FieldProblem(field, "must not contain control characters"));
    }
  }
}
