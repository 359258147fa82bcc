package io.flowmesh.integrations.runcredentials;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a run's {@code integrations} may hold, and the HTTP headers an entry stands for. An entry is
 * any object of fields; three of them have a meaning for HTTP calls: {@code token} and {@code
 * apiKey} become {@code Authorization: Bearer <value>}, and {@code headers} (names to string
 * values) are sent as given, over the former. Problems name the field, never its value.
 */
final class RunCredentialRules {

  /** An integration name: also its key in the run's request and a function's integrationType. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** A run id as the orchestrator draws them; no '/', so the cipher binding stays unambiguous. */
  static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers the HTTP client sets itself; a credential cannot replace them. */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private RunCredentialRules() {}

  /** Every problem of the set, with paths under {@code integrations}. */
  static List<FieldProblem> problems(JsonNode integrations, RunCredentialsProperties limits) {
    List<FieldProblem> problems = new ArrayList<>();
    if (integrations == null || !integrations.isObject()) {
      problems.add(
          new FieldProblem("integrations", "must be an object of credential objects by name"));
      return problems;
    }
    if (integrations.size() > limits.maxIntegrations()) {
      problems.add(
          new FieldProblem(
              "integrations", "may name at most " + limits.maxIntegrations() + " integrations"));
    }
    for (Map.Entry<String, JsonNode> entry : integrations.properties()) {
      String path = "integrations." + entry.getKey();
      if (!NAME.matcher(entry.getKey()).matches()) {
        problems.add(
            new FieldProblem(
                "integrations",
                "'"
                    + printable(entry.getKey())
                    + "' is not an integration name (letters, digits, '_', '.', '-'; at most 64)"));
        continue;
      }
      JsonNode values = entry.getValue();
      if (!values.isObject()) {
        problems.add(new FieldProblem(path, "must be an object of credential fields"));
        continue;
      }
      if (values.toString().getBytes(StandardCharsets.UTF_8).length
          > limits.maxEntrySize().toBytes()) {
        problems.add(
            new FieldProblem(
                path, "is larger than " + limits.maxEntrySize().toKilobytes() + " KB as JSON"));
      }
      for (String field : List.of("token", "apiKey")) {
        if (values.has(field) && !headerValue(values.get(field), false)) {
          problems.add(
              new FieldProblem(path + "." + field, "must be a non-empty string on one line"));
        }
      }
      if (values.has("headers")) {
        headerProblems(values.get("headers"), path + ".headers", problems);
      }
    }
    return problems;
  }

  /** The headers a function adds to its HTTP call for this entry; empty if it implies none. */
  static Map<String, String> httpHeaders(JsonNode values) {
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode bearer = values.hasNonNull("token") ? values.get("token") : values.get("apiKey");
    if (bearer != null && bearer.isString()) {
      headers.put("Authorization", "Bearer " + bearer.asString());
    }
    for (Map.Entry<String, JsonNode> header : values.path("headers").properties()) {
      headers.keySet().removeIf(name -> name.equalsIgnoreCase(header.getKey()));
      headers.put(header.getKey(), header.getValue().asString());
    }
    return headers;
  }

  private static void headerProblems(JsonNode headers, String path, List<FieldProblem> problems) {
    if (!headers.isObject()) {
      problems.add(new FieldProblem(path, "must be an object of header values by name"));
      return;
    }
    for (Map.Entry<String, JsonNode> header : headers.properties()) {
      String name = header.getKey();
      if (!HEADER_NAME.matcher(name).matches()) {
        problems.add(new FieldProblem(path, "'" + printable(name) + "' is not a header name"));
      } else if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(new FieldProblem(path + "." + name, "cannot be set by a credential"));
      } else if (!headerValue(header.getValue(), true)) {
        problems.add(new FieldProblem(path + "." + name, "must be a string on one line"));
      }
    }
  }

  private static boolean headerValue(JsonNode value, boolean emptyAllowed) {
    if (value == null || !value.isString()) {
      return false;
    }
    String text = value.asString();
    return (emptyAllowed || !text.isEmpty())
        && text.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
  }

  /** A name the client sent, safe to quote in a problem: names are not secret, but may be junk. */
  private static String printable(String name) {
    String clean = name.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }
}
