package io.flowmesh.functions.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonSchemasTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final JsonSchemas schemas = new JsonSchemas();

  @Test
  void aValidSchemaHasNoProblems() {
    assertThat(schemas.problems(node("{\"type\": \"object\", \"required\": [\"a\"]}"))).isEmpty();
    assertThat(schemas.problems(null)).isEmpty();
  }

  @Test
  void aSchemaThatBreaksTheMetaSchemaIsNamedByPath() {
    assertThat(
            schemas.problems(node("{\"type\": 5, \"properties\": {\"a\": {\"minimum\": \"x\"}}}")))
        .anySatisfy(p -> assertThat(p).startsWith("$.type"))
        .anySatisfy(p -> assertThat(p).startsWith("$.properties.a.minimum"));
    assertThat(schemas.problems(node("[1]")))
        .containsExactly("must be a JSON Schema (an object or a boolean)");
  }

  @Test
  void violationsNameTheJsonPathOfTheValue() {
    JsonNode schema =
        node(
            "{\"type\": \"object\", \"properties\": {\"items\": {\"type\": \"array\","
                + " \"items\": {\"type\": \"object\", \"properties\": {\"qty\": {\"type\": \"integer\"}}}}}}");

    assertThat(schemas.violations(schema, node("{\"items\": [{\"qty\": 1}, {\"qty\": \"two\"}]}")))
        .singleElement()
        .asString()
        .startsWith("$.items[1].qty: ");
    assertThat(schemas.violations(schema, node("{\"items\": []}"))).isEmpty();
  }

  @Test
  void aSchemaThatRefersToItselfWithoutEndIsRefusedAndFailsCallsInsteadOfTheService() {
    assertThat(schemas.problems(node("{\"allOf\": [{\"$ref\": \"#\"}]}")))
        .singleElement()
        .asString()
        .contains("refers to itself without end");

    JsonNode registeredEarlier =
        node("{\"properties\": {\"x\": {\"anyOf\": [{\"$ref\": \"#/properties/x\"}]}}}");
    assertThat(schemas.violations(registeredEarlier, node("{\"x\": 1}")))
        .singleElement()
        .asString()
        .startsWith("$: cannot be checked: the schema refers to itself without end");
  }

  private JsonNode node(String text) {
    return json.readTree(text);
  }
}
