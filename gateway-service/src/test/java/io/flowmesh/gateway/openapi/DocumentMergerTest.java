package io.flowmesh.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class DocumentMergerTest {

  private static final JsonMapper json = JsonMapper.builder().build();

  private final DocumentMerger merger = new DocumentMerger(URI.create("https://api.example.com"));

  @Test
  void aSchemaThatRefersToARenamedOneIsRenamedToo() {
    // Both services' Item is the same text, but each points at its own, different Owner.
    ObjectNode a =
        document("a", "/a", "{\"Item\":" + itemOfOwner() + ",\"Owner\":" + owner("name") + "}");
    ObjectNode b =
        document("b", "/b", "{\"Item\":" + itemOfOwner() + ",\"Owner\":" + owner("email") + "}");

    JsonNode merged = merger.merge(List.of(ServiceDocument.of("a", a), ServiceDocument.of("b", b)));

    JsonNode schemas = merged.at("/components/schemas");
    assertThat(schemas.propertyNames())
        .containsExactlyInAnyOrder("AItem", "AOwner", "BItem", "BOwner");
    assertThat(schemas.at("/AItem/properties/owner/$ref").asString())
        .isEqualTo("#/components/schemas/AOwner");
    assertThat(schemas.at("/BItem/properties/owner/$ref").asString())
        .isEqualTo("#/components/schemas/BOwner");
    assertThat(responseRef(merged, "/b")).isEqualTo("#/components/schemas/BItem");
  }

  @Test
  void aProblemSchemaIsSuppliedWhenOnlyReferencesToItRemain() {
    // The gateway's own document refers to the services' Problem; here no service is present.
    ObjectNode gateway =
        (ObjectNode)
            json.readTree(
                """
                {"openapi": "3.1.0", "info": {"title": "gateway", "version": ""},
                 "paths": {"/api/v1/api-keys": {"get": {"operationId": "listApiKeys",
                   "responses": {"401": {"description": "no key", "content":
                     {"application/problem+json": {"schema":
                       {"$ref": "#/components/schemas/Problem"}}}}}}}}}
                """);

    JsonNode merged =
        merger.merge(
            List.of(
                ServiceDocument.missing("orchestrator", "it is not reachable"),
                ServiceDocument.of("gateway", gateway)));

    assertThat(merged.at("/components/schemas/Problem/properties/type/type").asString())
        .isEqualTo("string");
    assertThat(merged.at("/info/version").asString()).isEqualTo("unknown");
  }

  @Test
  void identicalSchemasAreKeptOnceUnderTheirName() {
    ObjectNode a = document("a", "/a", "{\"Item\":" + owner("name") + "}");
    ObjectNode b = document("b", "/b", "{\"Item\":" + owner("name") + "}");

    JsonNode merged = merger.merge(List.of(ServiceDocument.of("a", a), ServiceDocument.of("b", b)));

    assertThat(merged.at("/components/schemas").propertyNames()).containsExactly("Item");
    assertThat(responseRef(merged, "/a")).isEqualTo("#/components/schemas/Item");
    assertThat(responseRef(merged, "/b")).isEqualTo("#/components/schemas/Item");
  }

  @Test
  void discriminatorMappingsFollowARenamedSchema() {
    String schemas =
        "{\"Item\":{\"oneOf\":[{\"$ref\":\"#/components/schemas/Cat\"}],"
            + "\"discriminator\":{\"propertyName\":\"kind\","
            + "\"mapping\":{\"cat\":\"#/components/schemas/Cat\"}}},\"Cat\":%s}";
    ObjectNode a = document("a", "/a", schemas.formatted(owner("name")));
    ObjectNode b = document("function-runner", "/b", schemas.formatted(owner("lives")));

    JsonNode merged =
        merger.merge(List.of(ServiceDocument.of("a", a), ServiceDocument.of("function-runner", b)));

    assertThat(
            merged
                .at("/components/schemas/FunctionRunnerItem/discriminator/mapping/cat")
                .asString())
        .isEqualTo("#/components/schemas/FunctionRunnerCat");
  }

  @Test
  void aMergeOfNothingIsStillADocumentThatSaysWhy() {
    JsonNode merged =
        merger.merge(List.of(ServiceDocument.missing("orchestrator", "it is not reachable")));

    assertThat(merged.at("/info/title").asString()).isEqualTo("Flowmesh API");
    assertThat(merged.at("/info/version").asString()).isEqualTo("unknown");
    assertThat(merged.at("/info/description").asString())
        .contains("`orchestrator` (it is not reachable)");
    assertThat(merged.at("/servers/0/url").asString()).isEqualTo("https://api.example.com");
    assertThat(merged.get("paths").isEmpty()).isTrue();
  }

  private static String itemOfOwner() {
    return "{\"type\":\"object\",\"properties\":{\"owner\":{\"$ref\":\"#/components/schemas/Owner\"}}}";
  }

  private static String owner(String property) {
    return "{\"type\":\"object\",\"properties\":{\"" + property + "\":{\"type\":\"string\"}}}";
  }

  private static ObjectNode document(String service, String path, String schemas) {
    return (ObjectNode)
        json.readTree(
            """
            {"openapi": "3.1.0", "info": {"title": "%s", "version": "1"},
             "paths": {"%s": {"get": {"operationId": "%s", "responses": {"200": {
               "description": "OK",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}}},
             "components": {"schemas": %s}}
            """
                .formatted(service, path, service + "Get", schemas));
  }

  private static String responseRef(JsonNode merged, String path) {
    return merged
        .get("paths")
        .get(path)
        .at("/get/responses/200/content/application~1json/schema/$ref")
        .asString();
  }
}
