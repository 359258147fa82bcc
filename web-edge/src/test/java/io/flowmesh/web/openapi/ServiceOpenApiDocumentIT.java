package io.flowmesh.web.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service with two small controllers and springdoc, as every Flowmesh service is: its document is
 * valid OpenAPI 3.1 and says what a user of the gateway needs without any code of the service.
 */
@SpringBootTest(
    classes = ServiceOpenApiDocumentIT.DocumentedService.class,
    properties = {
      "flowmesh.edge.gateway-token=test-token",
      "flowmesh.openapi.title=Flowmesh widgets API",
      "flowmesh.openapi.description=Widgets and gadgets.",
      "flowmesh.openapi.tags[0].name=Gadgets",
      "flowmesh.openapi.tags[0].description=Things that move.",
      "flowmesh.openapi.tags[0].paths=/api/v1/gadgets/**",
      "flowmesh.openapi.tags[1].name=Widgets",
      "flowmesh.openapi.tags[1].description=Things that sit.",
    })
@AutoConfigureMockMvc
class ServiceOpenApiDocumentIT {

  private static final JsonMapper json = JsonMapper.builder().build();

  @Autowired MockMvcTester mvc;

  private String raw;
  private JsonNode document;

  @BeforeEach
  void fetchDocument() throws Exception {
    raw = mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString();
    document = json.readTree(raw);
  }

  @Test
  void isValidOpenApi31() {
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(raw, null, new ParseOptions());

    assertThat(document.get("openapi").asString()).startsWith("3.1");
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/widgets", "/api/v1/gadgets");
  }

  @Test
  void namesTheServiceAndTheReleaseAndSendsTryItOutToTheGateway() {
    assertThat(document.at("/info/title").asString()).isEqualTo("Flowmesh widgets API");
    assertThat(document.at("/info/description").asString()).isEqualTo("Widgets and gadgets.");
    assertThat(document.at("/info/version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(document.get("servers").findValuesAsString("url")).containsExactly("/");
  }

  @Test
  void everyOperationNeedsTheApiKey() {
    JsonNode scheme = document.at("/components/securitySchemes/apiKey");

    assertThat(scheme.get("type").asString()).isEqualTo("http");
    assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
    assertThat(scheme.get("description").asString()).contains("fm_");
    assertThat(document.get("security").toString()).isEqualTo("[{\"apiKey\":[]}]");
  }

  @Test
  void aBodyReadAsAJsonTreeIsAJsonObjectNotTheTreeClass() {
    JsonNode body =
        document.at(
            "/paths/~1api~1v1~1widgets~1{id}~1paint/post/requestBody/content/application~1json/schema");

    assertThat(body.toString()).isEqualTo("{\"type\":\"object\"}");
    assertThat(document.at("/components/schemas").has("JsonNode")).isFalse();
  }

  @Test
  void theTenantIsNoParameterOfAnyOperation() {
    assertThat(document.get("paths").toString()).doesNotContainIgnoringCase("\"tenant\"");
  }

  @Test
  void tagsComeInTheConfiguredOrderWithDescriptionsAndAnUntaggedControllerGetsItsResourceTag() {
    assertThat(document.get("tags").findValuesAsString("name"))
        .containsExactly("Gadgets", "Widgets");
    assertThat(document.get("tags").findValuesAsString("description"))
        .containsExactly("Things that move.", "Things that sit.");
    assertThat(document.at("/paths/~1api~1v1~1gadgets/post/tags").toString())
        .isEqualTo("[\"Gadgets\"]");
  }

  @Test
  void everyOperationDocumentsItsProblemResponsesWithTheSharedSchema() {
    for (Map.Entry<String, JsonNode> operation : operations()) {
      JsonNode responses = operation.getValue().get("responses");
      assertThat(responses.propertyNames())
          .as(operation.getKey())
          .contains("400", "401", "429", "500", "503");
      for (String status : responses.propertyNames()) {
        if (status.startsWith("4") || status.startsWith("5")) {
          JsonNode problem = responses.get(status).at("/content/application~1problem+json");
          assertThat(problem.at("/schema/$ref").asString())
              .as(operation.getKey() + " " + status)
              .isEqualTo("#/components/schemas/Problem");
        }
      }
    }
    assertThat(document.at("/paths/~1api~1v1~1widgets~1{id}/get/responses").has("404")).isTrue();
    assertThat(document.at("/paths/~1api~1v1~1widgets/post/responses").has("404")).isFalse();
    assertThat(document.at("/paths/~1api~1v1~1widgets/post/responses").has("413")).isTrue();
    assertThat(document.at("/components/schemas/Problem/properties").propertyNames())
        .contains("type", "title", "status", "detail", "instance", "errors");
    assertThat(document.at("/components/schemas/FieldProblem/properties").propertyNames())
        .containsExactlyInAnyOrder("field", "message");
  }

  @Test
  void examplesFromFilesAreReferencedByAnnotationsAndByPath() {
    assertThat(document.at("/components/examples/create-widget/value/name").asString())
        .isEqualTo("blue");
    assertThat(
            document
                .at(
                    "/paths/~1api~1v1~1widgets/post/requestBody/content/application~1json/examples/"
                        + "blue/$ref")
                .asString())
        .isEqualTo("#/components/examples/create-widget");
    JsonNode gadget = document.at("/paths/~1api~1v1~1gadgets/post");
    assertThat(
            gadget
                .at("/requestBody/content/application~1json/examples/create-gadget/$ref")
                .asString())
        .isEqualTo("#/components/examples/create-gadget");
    // springdoc said 200; the example file knows the controller answers 201
    assertThat(gadget.get("responses").has("200")).isFalse();
    assertThat(
            gadget
                .at("/responses/201/content/application~1json/examples/gadget-created/$ref")
                .asString())
        .isEqualTo("#/components/examples/gadget-created");
    assertThat(
            gadget
                .at("/responses/409/content/application~1problem+json/examples/gadget-taken/$ref")
                .asString())
        .isEqualTo("#/components/examples/gadget-taken");
    assertThat(document.get("components").get("examples").propertyNames())
        .contains("problem-400", "problem-404");
  }

  private List<Map.Entry<String, JsonNode>> operations() {
    List<Map.Entry<String, JsonNode>> operations = new ArrayList<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method ->
                            operations.add(
                                Map.entry(
                                    method.getKey() + " " + path.getKey(), method.getValue()))));
    assertThat(operations).hasSizeGreaterThanOrEqualTo(3);
    return operations;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({WidgetController.class, GadgetController.class})
  static class DocumentedService {}

  record Widget(String id, String name, int size) {}

  record WidgetDraft(String name, int size) {}

  @RestController
  @RequestMapping("/api/v1/widgets")
  @Tag(name = "Widgets")
  static class WidgetController {

    @PostMapping
    @Operation(summary = "Create a widget")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
        content =
            @Content(
                mediaType = "application/json",
                examples = @ExampleObject(name = "blue", ref = "create-widget")))
    ResponseEntity<Widget> create(Tenant tenant, @RequestBody WidgetDraft draft) {
      return ResponseEntity.created(URI.create("/api/v1/widgets/w1"))
          .body(new Widget("w1", draft.name(), draft.size()));
    }

    @GetMapping("/{id}")
    Widget get(Tenant tenant, @PathVariable String id) {
      return new Widget(id, "blue", 3);
    }

    @PostMapping("/{id}/paint")
    Widget paint(Tenant tenant, @PathVariable String id, @RequestBody JsonNode colours) {
      return new Widget(id, colours.path("colour").asString(), 3);
    }
  }

  record Gadget(String id, String name) {}

  /** No annotations at all, like a controller someone else is editing. */
  @RestController
  @RequestMapping("/api/v1/gadgets")
  static class GadgetController {

    @PostMapping
    ResponseEntity<Gadget> create(Tenant tenant, @RequestBody Gadget gadget) {
      return ResponseEntity.created(URI.create("/api/v1/gadgets/g1")).body(gadget);
    }
  }
}
