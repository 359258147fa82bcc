package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code system/http-request} headers given as a JSON string, checked when a definition is saved.
 */
class HttpRequestHeadersTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private WorkflowDefinition withHeaders(String headers) {
    String document =
        """
        {"id": "wf", "nodes": [
          {"id": "t", "type": "trigger", "config": {}},
          {"id": "action-1", "type": "action", "label": "Fetch Data", "config": {
            "actionId": "system/http-request", "url": "https://api.example.com/data",
            "method": "GET", "headers": %s}}],
         "edges": [{"id": "e1", "source": "t", "target": "action-1"}]}"""
            .formatted(json.writeValueAsString(headers));
    return parser.parse(json.readTree(document));
  }

  private FieldProblem rejected(String headers) {
    InvalidRequestException e =
        (InvalidRequestException)
            assertThatThrownBy(() -> withHeaders(headers))
                .isInstanceOf(InvalidRequestException.class)
                .actual();
    assertThat(e.problems()).hasSize(1);
    return e.problems().getFirst();
  }

  @Test
  void theSeedsHeadersStringWithATemplateInAValueIsAccepted() {
    assertThat(withHeaders("{\"Authorization\": \"Bearer {{trigger.token}}\"}").node("action-1"))
        .isNotNull();
  }

  @Test
  void aTemplateInPlaceOfAValueIsAcceptedSinceItMayResolveToAString() {
    assertThat(withHeaders("{\"X-Id\": {{trigger.id}}}").node("action-1")).isNotNull();
  }

  @Test
  void aStringThatIsNotJsonIsAnErrorNamingTheNodeAndField() {
    FieldProblem problem = rejected("Authorization: Bearer {{trigger.token}}");

    assertThat(problem.field()).isEqualTo("nodes[1].config.headers");
    assertThat(problem.message())
        .contains("node 'action-1'")
        .contains("is not valid JSON")
        .doesNotContain("Bearer");
  }

  @Test
  void aJsonArrayOrANestedValueIsAnError() {
    assertThat(rejected("[\"Authorization\"]").message()).contains("must be a JSON object");
    assertThat(rejected("{\"X-Nested\": {\"a\": 1}}").message())
        .contains("header 'X-Nested' must be a string");
  }
}
