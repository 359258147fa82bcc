package io.flowmesh.functions.registry;

import io.flowmesh.functions.schema.JsonSchemas;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Checks a definition before it is stored, collecting every problem with the field it is in. */
@Component
class DefinitionValidator {

  static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*");
  static final int MAX_SLUG = 100;
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|Ki|Mi|Gi)?");
  private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

  /** Headers the HTTP client sets itself, or that would let a function impersonate the caller. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "connection", "transfer-encoding", "idempotency-key");

  private final JsonSchemas schemas;

  DefinitionValidator(JsonSchemas schemas) {
    this.schemas = schemas;
  }

  void validate(FunctionDefinition d) {
    List<FieldProblem> problems = new ArrayList<>();
    if (d.slug() == null || d.slug().isBlank()) {
      problems.add(new FieldProblem("slug", "is required"));
    } else if (d.slug().length() > MAX_SLUG || !SLUG.matcher(d.slug()).matches()) {
      problems.add(
          new FieldProblem(
              "slug",
              "must be <namespace>/<name> of lower-case letters, digits and dashes, at most "
                  + MAX_SLUG
                  + " characters, e.g. acme/send-invoice"));
    }
    if (d.name() == null || d.name().isBlank()) {
      problems.add(new FieldProblem("name", "is required"));
    } else if (d.name().length() > 200) {
      problems.add(new FieldProblem("name", "must be at most 200 characters"));
    }
    length(problems, "description", d.description(), 2000);
    length(problems, "version", d.version(), 50);
    length(problems, "integrationType", d.integrationType(), 100);
    if (d.pluginId() != null && !d.pluginId().matches("[a-z0-9][a-z0-9-]{0,49}")) {
      problems.add(new FieldProblem("pluginId", "must be lower-case letters, digits and dashes"));
    }
    range(problems, "timeoutSeconds", d.timeoutSeconds(), 1, 3600);
    range(problems, "maxConcurrency", d.maxConcurrency(), 0, 1000);
    if (d.retryPolicy() != null && !d.retryPolicy().isNull() && !d.retryPolicy().isObject()) {
      problems.add(new FieldProblem("retryPolicy", "must be an object"));
    }
    schema(problems, "inputSchema", d.inputSchema());
    schema(problems, "outputSchema", d.outputSchema());
    if (d.executionType() == null) {
      problems.add(new FieldProblem("executionType", "is required: http, oci or worker"));
    } else {
      switch (d.executionType()) {
        case "http" -> http(d, problems);
        case "oci" -> oci(d, problems);
        case "worker" -> worker(d, problems);
        case "builtin" ->
            problems.add(
                new FieldProblem(
                    "executionType", "builtin functions are provided by the platform only"));
        default ->
            problems.add(
                new FieldProblem(
                    "executionType",
                    "must be http, oci or worker, not '" + d.executionType() + "'"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  private static void http(FunctionDefinition d, List<FieldProblem> problems) {
    if (d.webhookUrl() == null || d.webhookUrl().isBlank()) {
      problems.add(new FieldProblem("webhookUrl", "is required for an http function"));
    } else if (d.webhookUrl().length() > 2048) {
      problems.add(new FieldProblem("webhookUrl", "must be at most 2048 characters"));
    } else {
      try {
        // Only the shape here: the address is checked at every call, when it is connected to
        // (a host may resolve differently later, and registering must not probe the network).
        SsrfGuard.checkShape(new URI(d.webhookUrl()));
      } catch (URISyntaxException e) {
        problems.add(new FieldProblem("webhookUrl", "is not a valid URL: " + e.getReason()));
      } catch (ForbiddenTargetException e) {
        problems.add(new FieldProblem("webhookUrl", e.getMessage()));
      }
    }
    if (d.webhookMethod() != null && !METHODS.contains(d.webhookMethod())) {
      problems.add(new FieldProblem("webhookMethod", "must be POST, PUT or PATCH"));
    }
    range(problems, "webhookTimeoutSeconds", d.webhookTimeoutSeconds(), 1, 300);
    if (d.webhookHeaders() != null) {
      d.webhookHeaders()
          .forEach(
              (name, value) -> {
                if (!HEADER_NAME.matcher(name).matches()
                    || RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                  problems.add(
                      new FieldProblem(
                          "webhookHeaders." + name, "is not a header name a function may set"));
                } else if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                  problems.add(
                      new FieldProblem("webhookHeaders." + name, "must be a single-line string"));
                }
              });
    }
    absent(problems, "image", d.image(), "http");
    absent(problems, "command", d.command(), "http");
    absent(problems, "workingDir", d.workingDir(), "http");
    absent(problems, "env", d.env(), "http");
    absent(problems, "resources", d.resources(), "http");
  }

  private static void oci(FunctionDefinition d, List<FieldProblem> problems) {
    if (d.image() == null || d.image().isBlank()) {
      problems.add(new FieldProblem("image", "is required for an oci function"));
    } else if (d.image().length() > 500 || d.image().chars().anyMatch(Character::isWhitespace)) {
      problems.add(new FieldProblem("image", "must be an image reference without spaces"));
    }
    if (d.command() != null && (d.command().isEmpty() || d.command().contains(null))) {
      problems.add(new FieldProblem("command", "must be a non-empty list of strings"));
    }
    if (d.env() != null) {
      for (Map.Entry<String, String> e : d.env().entrySet()) {
        if (!ENV_NAME.matcher(e.getKey()).matches() || e.getKey().equals("INPUT")) {
          problems.add(
              new FieldProblem(
                  "env." + e.getKey(),
                  "must be a variable name other than INPUT (set by Flowmesh)"));
        }
      }
    }
    if (d.resources() != null) {
      d.resources()
          .forEach(
              (name, value) -> {
                if (!Set.of("cpu", "memory").contains(name)) {
                  problems.add(new FieldProblem("resources." + name, "only cpu and memory"));
                } else if (value == null || !QUANTITY.matcher(value).matches()) {
                  problems.add(
                      new FieldProblem(
                          "resources." + name, "must be a quantity such as 500m or 256Mi"));
                }
              });
    }
    absent(problems, "webhookUrl", d.webhookUrl(), "oci");
    absent(problems, "webhookMethod", d.webhookMethod(), "oci");
    absent(problems, "webhookHeaders", d.webhookHeaders(), "oci");
    absent(problems, "webhookTimeoutSeconds", d.webhookTimeoutSeconds(), "oci");
  }

  /** Run by the tenant's own workers (ADR 0049): nothing to call or start here. */
  private static void worker(FunctionDefinition d, List<FieldProblem> problems) {
    absent(problems, "webhookUrl", d.webhookUrl(), "worker");
    absent(problems, "webhookMethod", d.webhookMethod(), "worker");
    absent(problems, "webhookHeaders", d.webhookHeaders(), "worker");
    absent(problems, "webhookTimeoutSeconds", d.webhookTimeoutSeconds(), "worker");
    absent(problems, "image", d.image(), "worker");
    absent(problems, "command", d.command(), "worker");
    absent(problems, "workingDir", d.workingDir(), "worker");
    absent(problems, "env", d.env(), "worker");
    absent(problems, "resources", d.resources(), "worker");
  }

  private void schema(List<FieldProblem> problems, String field, JsonNode schema) {
    for (String problem : schemas.problems(schema)) {
      problems.add(new FieldProblem(field, problem));
    }
  }

  private static void absent(List<FieldProblem> problems, String field, Object value, String type) {
    if (value != null) {
      problems.add(new FieldProblem(field, "is not used by " + type + " functions; leave it out"));
    }
  }

  private static void length(List<FieldProblem> problems, String field, String value, int max) {
    if (value != null && (value.isBlank() || value.length() > max)) {
      problems.add(new FieldProblem(field, "must be 1 to " + max + " characters"));
    }
  }

  private static void range(
      List<FieldProblem> problems, String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
    }
  }
}
