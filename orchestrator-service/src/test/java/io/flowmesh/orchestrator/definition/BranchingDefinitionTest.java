package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Save-time validation of condition and switch nodes: CEL compiled, branches named. */
class BranchingDefinitionTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private InvalidRequestException rejected(String document) {
    return (InvalidRequestException)
        assertThatThrownBy(() -> parser.parse(json.readTree(document)))
            .isInstanceOf(InvalidRequestException.class)
            .actual();
  }

  @Test
  void reportsEveryCelAndBranchProblemAtOnceWithNodeAndFieldPath() {
    InvalidRequestException e =
        rejected(
            """
            {"id":"bad","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"c","type":"condition","config":{"expression":"trigger.amount >"}},
              {"id":"c2","type":"condition","config":{"expression":"'text'"}},
              {"id":"c3","type":"condition","config":{}},
              {"id":"s","type":"switch","config":{"cases":[
                {"id":"a","expression":"unknownVar == 1"},
                {"id":"a","expression":"true"},
                {"id":"default","expression":"true"},
                {"expression":"true"}]}},
              {"id":"s2","type":"switch","config":{}},
              {"id":"x","type":"end"}],
             "edges":[{"source":"t","target":"c"},
                      {"source":"c","target":"c2"},
                      {"source":"c2","target":"c3","sourceHandle":"maybe"},
                      {"source":"c3","target":"s","sourceHandle":"true"},
                      {"source":"s","target":"s2","sourceHandle":"nope"},
                      {"source":"s2","target":"x","sourceHandle":"default"}]}
            """);

    assertThat(e.problems())
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "nodes[1].config.expression",
            "nodes[2].config.expression",
            "nodes[3].config.expression",
            "nodes[4].config.cases[0].expression",
            "nodes[4].config.cases[1].id",
            "nodes[4].config.cases[2].id",
            "nodes[4].config.cases[3].id",
            "nodes[5].config.cases",
            "edges[1].sourceHandle",
            "edges[2].sourceHandle",
            "edges[4].sourceHandle");
    assertThat(e.problems())
        .filteredOn(p -> p.field().equals("nodes[1].config.expression"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("condition node 'c'").contains("CEL"));
    assertThat(e.problems())
        .filteredOn(p -> p.field().equals("nodes[2].config.expression"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("boolean"));
    assertThat(e.problems())
        .filteredOn(p -> p.field().equals("nodes[4].config.cases[0].expression"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("switch node 's'").contains("unknownVar"));
    assertThat(e.problems())
        .filteredOn(p -> p.field().equals("edges[4].sourceHandle"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("switch node 's'").contains("got 'nope'"));
  }

  @Test
  void acceptsBranchesByHandleByLabelAndByBranchField() {
    WorkflowDefinition definition =
        parser.parse(
            json.readTree(
                """
                {"id":"ok","nodes":[{"id":"t","type":"trigger"},
                  {"id":"c","type":"condition","config":{"condition":"has(trigger.x)"}},
                  {"id":"a","type":"end"},{"id":"b","type":"end"},{"id":"d","type":"end"}],
                 "edges":[{"source":"t","target":"c"},
                          {"source":"c","target":"a","sourceHandle":"true"},
                          {"source":"c","target":"b","label":"False"},
                          {"source":"c","target":"d","branch":"TRUE"}]}
                """));

    assertThat(definition.successors("c", "true")).extracting(Node::id).containsExactly("a", "d");
    assertThat(definition.successors("c", "false")).extracting(Node::id).containsExactly("b");
  }

  @Test
  void celErrorsDoNotHideGraphProblemsOfTheSameDocument() {
    InvalidRequestException e =
        rejected(
            """
            {"id":"both","nodes":[{"id":"t","type":"trigger"},
              {"id":"c","type":"condition","config":{"expression":"1 +"}}],
             "edges":[{"source":"t","target":"c"},{"source":"c","target":"ghost","sourceHandle":"true"}]}
            """);

    assertThat(e.problems())
        .extracting(FieldProblem::field)
        .contains("nodes[1].config.expression", "edges[1].target");
  }
}
