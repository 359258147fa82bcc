package io.flowmesh.functions.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/function-packs.md lists the shipped functions as the packs declare them: the section between
 * its markers is generated from the packs, and this test fails when the two disagree. Regenerate
 * with {@code -Dfunction-packs.write-docs=true}.
 */
class FunctionPacksDocTest {

  private static final Path DOC = Path.of("..", "docs", "function-packs.md");
  private static final String START = "<!-- shipped-functions:start (generated from the packs) -->";
  private static final String END = "<!-- shipped-functions:end -->";

  @Test
  void theDocListsEveryShippedFunctionAsItsPackDeclaresIt() throws IOException {
    FunctionPacks packs =
        new FunctionPacks(new PackProperties(null, Map.of()), JsonMapper.builder().build());
    assertThat(packs.refusals()).isEmpty();
    String generated = START + "\n\n" + render(packs.functions()) + END;

    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("%s has the markers", DOC).isNotNegative();
    assertThat(end).isGreaterThan(start);
    String current = doc.substring(start, end + END.length());
    if (Boolean.getBoolean("function-packs.write-docs")) {
      Files.writeString(DOC, doc.replace(current, generated), StandardCharsets.UTF_8);
      return;
    }
    assertThat(current)
        .as(
            "docs/function-packs.md is out of date with the packs; regenerate it with"
                + " ./mvnw -pl function-runner-service test -Dtest=FunctionPacksDocTest"
                + " -Dfunction-packs.write-docs=true")
        .isEqualTo(generated);
  }

  static String render(Iterable<PackedFunction> functions) {
    StringBuilder doc = new StringBuilder();
    String provider = null;
    for (PackedFunction function : functions) {
      if (!function.provider().equals(provider)) {
        provider = function.provider();
        doc.append("### ").append(provider).append(" (`").append(function.file()).append("`)\n\n");
        doc.append("Base URL `").append(function.baseUrl()).append("`");
        if (function.connectionType() != null) {
          doc.append(", credentials of connection type `")
              .append(function.connectionType())
              .append("`");
        }
        doc.append(".\n\n");
      }
      doc.append("#### `").append(function.slug()).append("`: ").append(function.name());
      doc.append("\n\n").append(function.description()).append("\n\n");
      doc.append("`").append(function.method()).append(" ").append(function.path()).append("`");
      if (function.builtin() != null) {
        doc.append(", made by the builtin `")
            .append(function.builtin())
            .append("` (see \"Functions that are not one request\")");
      }
      doc.append(", timeout ").append(function.timeoutSeconds()).append(" s.\n\n");
      doc.append(table("Input", function.inputSchema()));
      doc.append(table("Output", function.outputSchema()));
    }
    return doc.toString();
  }

  private static String table(String title, JsonNode schema) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(name -> required.add(name.asString()));
    StringBuilder table = new StringBuilder();
    table.append("| ").append(title.toLowerCase()).append(" | type | description |\n");
    table.append("|---|---|---|\n");
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      JsonNode field = property.getValue();
      table
          .append("| `")
          .append(property.getKey())
          .append("`")
          .append(required.contains(property.getKey()) ? " (required)" : "")
          .append(" | ")
          .append(type(field))
          .append(" | ")
          .append(field.path("description").asString("").replace("|", "\\|"))
          .append(" |\n");
    }
    return table.append("\n").toString();
  }

  private static String type(JsonNode field) {
    if (field.has("enum")) {
      List<String> values = field.path("enum").valueStream().map(JsonNode::asString).toList();
      return String.join(" / ", values);
    }
    if (field.has("oneOf")) {
      return field
          .path("oneOf")
          .valueStream()
          .map(FunctionPacksDocTest::type)
          .collect(Collectors.joining(" or "));
    }
    JsonNode type = field.path("type");
    String text =
        type.isArray()
            ? type.valueStream().map(JsonNode::asString).collect(Collectors.joining(" or "))
            : type.asString("any");
    if ("array".equals(text) && field.path("items").has("type")) {
      return "array of " + type(field.path("items"));
    }
    return text;
  }
}
