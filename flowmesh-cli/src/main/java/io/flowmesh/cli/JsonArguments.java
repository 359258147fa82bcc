package io.flowmesh.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON given on the command line: inline ({@code '{"a":1}'}) or a file ({@code input.json}). */
final class JsonArguments {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonArguments() {}

  /** The JSON of an argument that is JSON itself, or names a file holding it. */
  static JsonNode parse(String option, String value) {
    String text = value.strip();
    boolean inline = text.startsWith("{") || text.startsWith("[") || text.startsWith("\"");
    if (!inline) {
      Path file = Path.of(text.startsWith("@") ? text.substring(1) : text);
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UsageException(option + ": no JSON and no readable file '" + value + "'");
      }
    }
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      throw new UsageException(option + ": not JSON: " + e.getOriginalMessage());
    }
  }
}
