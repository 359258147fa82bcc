package io.flowmesh.integrations.integrationtype;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How a connection's settings and secrets are checked against its type's schemas. */
class IntegrationTypeCatalogTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final IntegrationTypeCatalog catalog = new IntegrationTypeCatalog(null);

  private final JsonNode schema =
      node(
          "{\"type\": \"object\", \"required\": [\"baseUrl\"], \"additionalProperties\": false,"
              + " \"properties\": {\"baseUrl\": {\"type\": \"string\", \"format\": \"uri\","
              + " \"pattern\": \"^https?://\"}, \"host\": {\"type\": \"string\", \"format\":"
              + " \"hostname\"}, \"from\": {\"type\": \"string\", \"format\": \"email\"},"
              + " \"ports\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}}},"
              + " \"dependentRequired\": {\"host\": [\"from\"]}}");

  @Test
  void everyProblemIsNamedByItsPathUnderThePrefixAMissingOrUnknownPropertyByItself() {
    assertThat(
            catalog.validate(
                schema,
                node(
                    "{\"baseUrl\": \"ftp://x\", \"odd key\": 1, \"host\": \"-bad-\","
                        + " \"ports\": [1, \"a\"]}"),
                "settings",
                false))
        .containsExactlyInAnyOrder(
            new FieldProblem("settings.baseUrl", "does not match the regex pattern ^https?://"),
            new FieldProblem(
                "settings.host",
                "does not match the hostname pattern must be a valid RFC 1123 host name"),
            new FieldProblem(
                "settings.host",
                "has a missing property 'from' which is dependent required because 'host' is"
                    + " present"),
            new FieldProblem("settings.ports[1]", "string found, integer expected"),
            new FieldProblem(
                "settings['odd key']",
                "property 'odd key' is not defined in the schema and the schema does not allow"
                    + " additional properties"));
    assertThat(catalog.validate(schema, node("{}"), "settings", false))
        .containsExactly(
            new FieldProblem("settings.baseUrl", "required property 'baseUrl' not found"));
    assertThat(catalog.validate(schema, node("[]"), "settings", false))
        .containsExactly(new FieldProblem("settings", "array found, object expected"));
  }

  @Test
  void formatsAreAsserted() {
    assertThat(
            catalog.validate(
                schema,
                node("{\"baseUrl\": \"https://a.example\", \"from\": \"nope\"}"),
                "s",
                false))
        .containsExactly(
            new FieldProblem(
                "s.from", "does not match the email pattern must be a valid RFC 5321 Mailbox"));
  }

  @Test
  void aProblemOfASecretNeverQuotesTheValue() {
    assertThat(
            catalog.validate(
                schema, node("{\"baseUrl\": 5, \"x\": \"sk-secret\"}"), "secrets", true))
        .containsExactlyInAnyOrder(
            new FieldProblem("secrets.baseUrl", "has the wrong type"),
            new FieldProblem("secrets.x", "is not a secret field of this integration type"));
    assertThat(
            catalog.validate(
                schema,
                node("{\"baseUrl\": \"https://a.example\", \"host\": \"h\"}"),
                "secrets",
                true))
        .containsExactly(
            new FieldProblem("secrets.host", "is required with the other secret fields given"));
  }

  private JsonNode node(String text) {
    return json.readTree(text);
  }
}
