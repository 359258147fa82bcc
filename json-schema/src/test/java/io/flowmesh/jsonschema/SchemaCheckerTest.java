package io.flowmesh.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flowmesh.jsonschema.SchemaChecker.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaCheckerTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final SchemaChecker schemas = new SchemaChecker("the schema", 3);

  @Test
  void aValidSchemaHasNoProblemsAndNoSchemaIsNoProblem() {
    assertThat(schemas.problems(node("{\"type\": \"object\", \"required\": [\"a\"]}"))).isEmpty();
    assertThat(schemas.problems(node("true"))).isEmpty();
    assertThat(schemas.problems(null)).isEmpty();
    assertThat(schemas.problems(node("null"))).isEmpty();
  }

  @Test
  void aSchemaThatBreaksTheMetaSchemaIsNamedByPath() {
    assertThat(
            schemas.problems(node("{\"type\": 5, \"properties\": {\"a\": {\"minimum\": \"x\"}}}")))
        .anySatisfy(p -> assertThat(p).startsWith("$.type: "))
        .anySatisfy(p -> assertThat(p).startsWith("$.properties.a.minimum: "));
    assertThat(schemas.problems(node("[1]")))
        .containsExactly("must be a JSON Schema (an object or a boolean)");
  }

  /** Shrunk by SchemaCheckerProperties (property-tests): the library threw instead. */
  @Test
  void anIntegralNumberBeyondALongIsAProblemOrAViolationNotAnError() {
    assertThat(schemas.problems(node("{\"minLength\": 1e308}")))
        .containsExactly("has an integral number too large to compare (beyond a 64-bit integer)");
    assertThat(schemas.violations(node("{\"type\": \"integer\", \"minimum\": 0}"), node("1e308")))
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("$"));
  }

  /** Shrunk by SchemaCheckerProperties (property-tests): the library's exception escaped. */
  @Test
  void aReferenceResolvedOnlyWhenAValueStepsThereIsAViolationNotAnError() {
    JsonNode schema = node("{\"items\": {\"items\": {\"$ref\": \"#/nope/%ZZ\"}}}");
    assertThat(schemas.problems(schema)).isEmpty();
    assertThat(schemas.violations(schema, node("[[0]]")))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("cannot be checked: the schema "));
  }

  @Test
  void aRemoteReferenceIsNeverFetchedSoTheSchemaDoesNotCompile() {
    assertThat(schemas.problems(node("{\"$ref\": \"http://169.254.169.254/latest/meta-data\"}")))
        .singleElement()
        .satisfies(p -> assertThat(p).startsWith("does not compile: "));
  }

  @Test
  void aSchemaThatRefersToItselfWithoutEndIsAProblemNotAStackOverflow() {
    assertThat(schemas.problems(node("{\"allOf\": [{\"$ref\": \"#\"}]}")))
        .containsExactly(
            "refers to itself without end: a $ref cycle that does not step into a property or"
                + " item");
  }

  @Test
  void aValueThatRunsIntoAnEndlessReferenceIsOneViolationInTheCallersWords() {
    JsonNode schema =
        node(
            "{\"type\": \"object\", \"properties\": {\"x\": {\"anyOf\": [{\"$ref\":"
                + " \"#/properties/x\"}]}}}");
    assertThat(schemas.problems(schema)).isEmpty();

    assertThat(new SchemaChecker("the form", 3).violations(schema, node("{\"x\": 1}")))
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("$"))
        .satisfies(
            v ->
                assertThat(v.message()).startsWith("cannot be checked: the form refers to itself"));
  }

  @Test
  void violationsNameTheJsonPathOfTheValue() {
    JsonNode schema =
        node(
            "{\"type\": \"object\", \"properties\": {\"items\": {\"type\": \"array\","
                + " \"items\": {\"type\": \"object\", \"properties\": {\"qty\": {\"type\":"
                + " \"integer\"}, \"odd name\": {\"type\": \"string\"}}}}}}");

    assertThat(
            schemas.violations(
                schema, node("{\"items\": [{\"qty\": 1}, {\"qty\": \"two\", \"odd name\": 3}]}")))
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("$.items[1].qty", "$.items[1]['odd name']");
    assertThat(schemas.violations(schema, node("{\"items\": []}"))).isEmpty();
    assertThat(schemas.violations(null, node("{\"items\": 1}"))).isEmpty();
  }

  @Test
  void atMostTheConfiguredNumberOfViolationsAreReported() {
    JsonNode schema = node("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}");

    assertThat(schemas.violations(schema, node("[\"a\", \"b\", \"c\", \"d\", \"e\"]"))).hasSize(3);
  }

  @Test
  void aViolationAboutANamedPropertyIsShownAtThatProperty() {
    JsonNode schema =
        node(
            "{\"type\": \"object\", \"required\": [\"a\"], \"additionalProperties\": false,"
                + " \"properties\": {\"a\": {}, \"b\": {\"type\": \"integer\"}}}");

    assertThat(schemas.violations(schema, node("{\"b\": \"x\", \"odd name\": 1}")))
        .extracting(Violation::keyword, Violation::path, Violation::fieldPath)
        .containsExactlyInAnyOrder(
            tuple("required", "$", "$.a"),
            tuple("additionalProperties", "$", "$['odd name']"),
            tuple("type", "$.b", "$.b"));
  }

  @Test
  void aCheckerThatAssertsFormatsFindsAValueThatBreaksOne() {
    SchemaChecker asserting = new SchemaChecker("the settings", 3, true);
    JsonNode schema = node("{\"type\": \"string\", \"format\": \"email\"}");

    assertThat(asserting.violations(schema, node("\"no address\"")))
        .singleElement()
        .satisfies(v -> assertThat(v.keyword()).isEqualTo("format"));
    assertThat(asserting.violations(schema, node("\"ops@example.com\""))).isEmpty();
  }

  private JsonNode node(String text) {
    return json.readTree(text);
  }
}
