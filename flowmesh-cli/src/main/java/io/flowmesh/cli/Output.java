package io.flowmesh.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** What a command prints: aligned columns for people, or one JSON document for scripts. */
final class Output {

  /** {@code --output}. */
  enum Format {
    table,
    json
  }

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private final PrintWriter out;
  private final Format format;

  Output(PrintWriter out, Format format) {
    this.out = out;
    this.format = format;
  }

  boolean json() {
    return format == Format.json;
  }

  /** The value as JSON (with --output json), else the table. */
  void print(Object value, List<String> header, List<List<Object>> rows) {
    if (json()) {
      printJson(value);
    } else {
      table(header, rows);
    }
  }

  void printJson(Object value) {
    out.println(JSON.writeValueAsString(value));
    out.flush();
  }

  /** A line for people; nothing with --output json, whose stdout stays one document. */
  void line(String text) {
    if (!json()) {
      out.println(text);
      out.flush();
    }
  }

  void table(List<String> header, List<List<Object>> rows) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(header);
    for (List<Object> row : rows) {
      cells.add(row.stream().map(Output::cell).toList());
    }
    int[] widths = new int[header.size()];
    for (List<String> row : cells) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String cell(Object value) {
    if (value == null) {
      return "-";
    }
    return value instanceof String text ? text : JSON.writeValueAsString(value).replace("\"", "");
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  /** Compact JSON for a table cell or a line. */
  static String compact(Object value) {
    return JSON.writeValueAsString(value);
  }
}
