package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every JSON example of docs/workflow-definitions.md is a definition the parser accepts. */
class WorkflowDefinitionsDocTest {

  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void everyExampleInTheReferenceParses() throws IOException {
    // surefire runs in the module directory; the docs live at the repository root
    String doc = Files.readString(Path.of("..", "docs", "workflow-definitions.md"));
    List<String> examples = new ArrayList<>();
    Matcher matcher = JSON_BLOCK.matcher(doc);
    while (matcher.find()) {
      examples.add(matcher.group(1));
    }

    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    DefinitionParser parser = new DefinitionParser(json);
    for (String example : examples) {
      WorkflowDefinition definition = parser.parse(json.readTree(example));
      assertThat(definition.nodes()).as(example).isNotEmpty();
    }
  }
}
