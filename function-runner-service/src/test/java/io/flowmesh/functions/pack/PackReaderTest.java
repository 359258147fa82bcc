package io.flowmesh.functions.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What the pack reader refuses, and that each refusal names the file, function and field. */
class PackReaderTest {

  private final PackReader reader =
      new PackReader(JsonMapper.builder().build(), Map.of("acme", "http://127.0.0.1:9/proxy/"));

  private static final String GOOD =
      """
      provider: acme
      name: Acme
      baseUrl: https://api.acme.example/v1
      connectionType: acme
      functions:
        - slug: acme/get-order
          name: Get order
          inputSchema: {type: object, required: [orderId], properties: {orderId: {type: string}}}
          outputSchema: {type: object}
          request: {method: GET, path: "/orders/{orderId}"}
          response: {data: 'body.{"id": id}'}
      """;

  @Test
  void readsAPackAndAppliesTheDeploymentsBaseUrl() {
    List<PackedFunction> functions = read("acme.yaml", GOOD);

    assertThat(functions)
        .singleElement()
        .satisfies(
            function -> {
              assertThat(function.slug()).isEqualTo("acme/get-order");
              assertThat(function.baseUrl()).isEqualTo("http://127.0.0.1:9/proxy");
              assertThat(function.connectionType()).isEqualTo("acme");
              assertThat(function.retryableStatuses())
                  .containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504);
            });
  }

  @Test
  void aSchemaViolationNamesTheFileTheFunctionAndTheField() {
    String wrongMethod = GOOD.replace("method: GET", "method: FETCH");

    assertThatThrownBy(() -> read("acme.yaml", wrongMethod))
        .hasMessageStartingWith(
            "function pack acme.yaml, function acme/get-order, field request.method: ");
  }

  @Test
  void aFunctionMayNameABuiltinButOnlyOneThatExists() {
    String queued =
        GOOD.replace("    name: Get order\n", "    name: Get order\n    builtin: fal-queue\n");
    String unknown = queued.replace("builtin: fal-queue", "builtin: s3-multipart");

    assertThat(read("acme.yaml", queued).getFirst().builtin()).isEqualTo("fal-queue");
    assertThatThrownBy(() -> read("acme.yaml", unknown))
        .hasMessageStartingWith(
            "function pack acme.yaml, function acme/get-order, field builtin: ");
  }

  @Test
  void aMissingFieldIsNamed() {
    String noResponse = GOOD.replace("    response: {data: 'body.{\"id\": id}'}\n", "");

    assertThatThrownBy(() -> read("acme.yaml", noResponse))
        .hasMessageStartingWith(
            "function pack acme.yaml, function acme/get-order, field response: ");
  }

  @Test
  void aPathFieldTheInputNeedNotHaveIsRefused() {
    String optional = GOOD.replace("required: [orderId], ", "");

    assertThatThrownBy(() -> read("acme.yaml", optional))
        .hasMessage(
            "function pack acme.yaml, function acme/get-order, field request.path: names"
                + " {orderId}, which the input schema does not require");
  }

  @Test
  void anExpressionThatDoesNotCompileIsRefused() {
    String broken = GOOD.replace("body.{\"id\": id}", "body.{\"id\": ");

    assertThatThrownBy(() -> read("acme.yaml", broken))
        .hasMessageStartingWith(
            "function pack acme.yaml, function acme/get-order, field response.data: is not a valid"
                + " JSONata expression");
  }

  @Test
  void aSchemaThatDoesNotCompileIsRefused() {
    String broken = GOOD.replace("outputSchema: {type: object}", "outputSchema: {type: thing}");

    assertThatThrownBy(() -> read("acme.yaml", broken))
        .hasMessageStartingWith(
            "function pack acme.yaml, function acme/get-order, field outputSchema: is not a usable"
                + " JSON Schema");
  }

  @Test
  void aSlugOutsideTheProvidersNamespaceIsRefused() {
    assertThatThrownBy(() -> read("acme.yaml", GOOD.replace("slug: acme/", "slug: other/")))
        .hasMessage(
            "function pack acme.yaml, function other/get-order, field slug: must start with the"
                + " pack's provider, 'acme/'");
  }

  @Test
  void aFileThatIsNoYamlIsRefusedByName() {
    assertThatThrownBy(() -> read("acme.yaml", "provider: [unclosed"))
        .hasMessage("function pack acme.yaml: is not valid YAML");
  }

  private List<PackedFunction> read(String file, String content) {
    return reader.read(file, content.getBytes(StandardCharsets.UTF_8));
  }
}
