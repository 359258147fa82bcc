package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Save-time checks of manual-task, publish-event, sub-workflow and for-each configs. */
class NodeKindConfigTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private WorkflowDefinition parse(String node) {
    return parser.parse(
        json.readTree(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},%s],
             "edges":[{"source":"t","target":"n"}]}
            """
                .formatted(node)));
  }

  private List<FieldProblem> problems(String node) {
    InvalidRequestException e =
        (InvalidRequestException)
            assertThatThrownBy(() -> parse(node))
                .isInstanceOf(InvalidRequestException.class)
                .actual();
    return e.problems();
  }

  @Test
  void aManualTaskWithAValidFormAndTemplatedAssigneeIsAccepted() {
    WorkflowDefinition definition =
        parse(
            """
            {"id":"n","type":"manual-task","config":{"assignee":"{{trigger.owner}}",
              "form":{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}}}
            """);
    assertThat(definition.node("n").kind()).isEqualTo(NodeKind.MANUAL_TASK);
  }

  @Test
  void aTriggersInputSchemaMustBeAJsonSchema() {
    String withSchema =
        """
        {"id":"wf","nodes":[{"id":"t","type":"trigger","config":{"inputSchema":%s}},
          {"id":"n","type":"end"}],
         "edges":[{"source":"t","target":"n"}]}
        """;
    String valid = "{\"type\":\"object\",\"required\":[\"amount\"]}";
    assertThat(parser.parse(json.readTree(withSchema.formatted(valid))).trigger().config())
        .containsKey("inputSchema");
    assertThatThrownBy(() -> parser.parse(json.readTree(withSchema.formatted("{\"type\":7}"))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems())
                    .isNotEmpty()
                    .allSatisfy(
                        p -> {
                          assertThat(p.field()).isEqualTo("nodes[0].config.inputSchema");
                          assertThat(p.message()).contains("trigger node 't': the input schema");
                        }));
  }

  @Test
  void aFormThatIsNotAJsonSchemaIsRejectedNamingTheField() {
    assertThat(
            problems(
                """
                {"id":"n","type":"manual-task","config":{"form":{"type":"banana"}}}
                """))
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.form");
              assertThat(p.message()).contains("manual-task node 'n'").contains("$.type");
            });
    assertThat(problems("{\"id\":\"n\",\"type\":\"manual-task\",\"config\":{\"form\":[1]}}"))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.form");
  }

  @Test
  void anAssigneeThatIsNotAStringIsRejected() {
    assertThat(problems("{\"id\":\"n\",\"type\":\"manual-task\",\"config\":{\"assignee\":7}}"))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.assignee");
  }

  @Test
  void submittedDataIsCheckedAgainstTheFormFieldByField() {
    Map<String, Object> form =
        Map.of(
            "type",
            "object",
            "required",
            List.of("approved", "comment"),
            "properties",
            Map.of(
                "approved", Map.of("type", "boolean"),
                "amount", Map.of("type", "integer", "maximum", 100)));

    assertThat(FormSchemas.violations(form, Map.of("approved", true, "comment", "x", "amount", 5)))
        .isEmpty();
    assertThat(FormSchemas.violations(form, Map.of("approved", "yes", "amount", 500)))
        .extracting(FormSchemas.Violation::path)
        .containsExactlyInAnyOrder("$", "$.approved", "$.amount");
  }

  @Test
  void aPublishEventNeedsAnOwnTypeCheckedWhenStatic() {
    assertThat(problems("{\"id\":\"n\",\"type\":\"publish-event\",\"config\":{}}"))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.type");
    assertThat(
            problems(
                "{\"id\":\"n\",\"type\":\"publish-event\","
                    + "\"config\":{\"type\":\"io.flowmesh.run.completed.v1\"}}"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("reserved"));
    assertThat(
            problems(
                "{\"id\":\"n\",\"type\":\"publish-event\","
                    + "\"config\":{\"type\":\"has space\",\"subject\":1}}"))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.type", "nodes[1].config.subject");
    // a templated type is checked when the node runs
    assertThat(
            parse(
                    "{\"id\":\"n\",\"type\":\"publish-event\","
                        + "\"config\":{\"type\":\"com.acme.{{trigger.kind}}\"}}")
                .node("n")
                .kind())
        .isEqualTo(NodeKind.PUBLISH_EVENT);
  }

  @Test
  void aSubWorkflowNeedsAWorkflowIdAndAValidVersionAndPolicy() {
    assertThat(
            problems(
                "{\"id\":\"n\",\"type\":\"sub-workflow\","
                    + "\"config\":{\"version\":0,\"onChildFailure\":\"ignore\"}}"))
        .extracting(FieldProblem::field)
        .containsExactly(
            "nodes[1].config.workflowId",
            "nodes[1].config.version",
            "nodes[1].config.onChildFailure");
    assertThat(
            parse(
                    "{\"id\":\"n\",\"type\":\"sub-workflow\","
                        + "\"config\":{\"workflowId\":\"child\",\"version\":2,"
                        + "\"onChildFailure\":\"continue\"}}")
                .node("n")
                .kind())
        .isEqualTo(NodeKind.SUB_WORKFLOW);
  }
}
