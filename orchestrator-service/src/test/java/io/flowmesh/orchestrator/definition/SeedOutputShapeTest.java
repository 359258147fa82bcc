package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates in the Workflow Builder's shape: {@code {{Node.data.field}}} over stored outputs. */
class SeedOutputShapeTest {

  private static final Map<String, Object> HTTP_RESPONSE =
      Map.of(
          "status", 200,
          "headers", Map.of("content-type", "application/json"),
          "body", Map.of("content", "the page"));

  private static Object resolve(String template, Map<String, Object> scope) {
    return Templates.resolve(template, "config.x", scope);
  }

  @Test
  void dataOfAFunctionOutputIsTheOutputItself() {
    Map<String, Object> scope = Map.of("GetUUID", Map.of("uuid", "u-1"));

    assertThat(resolve("UUID generated: {{GetUUID.data.uuid}}", scope))
        .isEqualTo("UUID generated: u-1");
    assertThat(resolve("{{GetUUID.output.uuid}}", scope)).isEqualTo("u-1");
    assertThat(resolve("{{GetUUID.uuid}}", scope)).isEqualTo("u-1");
  }

  @Test
  void dataOfAnHttpResponseIsItsBodyWhileItsOwnFieldsStillResolve() {
    Map<String, Object> scope = Map.of("FetchData", HTTP_RESPONSE);

    assertThat(resolve("Summarize: {{FetchData.data.content}}", scope))
        .isEqualTo("Summarize: the page");
    assertThat(resolve("{{FetchData.data.status}}", scope)).isEqualTo(200);
    assertThat(resolve("{{FetchData.body.content}}", scope)).isEqualTo("the page");
    assertThat(resolve("{{FetchData.data.body.content}}", scope)).isEqualTo("the page");
  }

  @Test
  void anOutputsOwnDataFieldWinsOverTheSeedShape() {
    Map<String, Object> scope = Map.of("List", Map.of("data", Map.of("items", 3)));

    assertThat(resolve("{{List.data.items}}", scope)).isEqualTo(3);
  }

  @Test
  void successOfACompletedNodeIsTrueUnlessTheOutputSaysOtherwise() {
    assertThat(resolve("{{GetUUID.success}}", Map.of("GetUUID", Map.of("uuid", "u"))))
        .isEqualTo(true);
    assertThat(resolve("{{Check.success}}", Map.of("Check", Map.of("success", false))))
        .isEqualTo(false);
  }

  @Test
  void aFieldThatIsNeitherInTheOutputNorInTheBodyNamesWhatIsMissing() {
    assertThatThrownBy(
            () -> resolve("{{FetchData.data.missing}}", Map.of("FetchData", HTTP_RESPONSE)))
        .isInstanceOf(Templates.UnresolvedTemplateException.class)
        .hasMessageContaining("{{FetchData.data.missing}}")
        .hasMessageContaining("'missing' not found");
  }

  @Test
  void theSeedViewOfAnHttpResponseIsItsBodyAndOfAnythingElseItself() {
    assertThat(SeedOutputs.data(HTTP_RESPONSE)).isEqualTo(Map.of("content", "the page"));
    assertThat(SeedOutputs.data(Map.of("uuid", "u"))).isEqualTo(Map.of("uuid", "u"));
    assertThat(SeedOutputs.data(Map.of("status", 1, "body", "x")))
        .isEqualTo(Map.of("status", 1, "body", "x"));
  }
}
