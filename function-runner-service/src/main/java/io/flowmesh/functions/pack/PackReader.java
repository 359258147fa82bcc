package io.flowmesh.functions.pack;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import io.flowmesh.jsonschema.SchemaChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one pack file: parses it (YAML or JSON), checks it against the published pack schema and
 * what a schema cannot say (slugs in the provider's namespace, schemas and expressions that
 * compile, path fields the input must have), and turns it into {@link PackedFunction}s. Every
 * refusal names the file, the function and the field.
 */
final class PackReader {

  static final String SCHEMA_RESOURCE = "/function-packs/function-pack.schema.json";

  private static final Pattern PATH_FIELD = Pattern.compile("\\{([^{}/]*)}");
  private static final Pattern FUNCTION_PATH = Pattern.compile("^\\$\\.functions\\[(\\d+)](.*)$");

  private final SchemaChecker packSchemaChecker =
      new SchemaChecker("the function pack schema", 10, true);
  private final SchemaChecker functionSchemaChecker = new SchemaChecker("the schema", 5);
  private final JsonNode packSchema;
  private final JsonMapper json;
  private final ObjectMapper yaml = YAMLMapper.builder().build();
  private final Map<String, String> baseUrls;

  PackReader(JsonMapper json, Map<String, String> baseUrls) {
    this.json = json;
    this.baseUrls = baseUrls;
    try (InputStream in = PackReader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      this.packSchema = json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pack's functions.
   *
   * @throws PackRefusedException naming the file, the function and the field at fault
   */
  List<PackedFunction> read(String file, byte[] content) {
    JsonNode tree;
    try {
      tree = (file.endsWith(".json") ? json : yaml).readTree(content);
    } catch (JacksonException e) {
      throw new PackRefusedException(
          file, null, null, "is not valid " + (file.endsWith(".json") ? "JSON" : "YAML"));
    }
    if (tree == null || !tree.isObject()) {
      throw new PackRefusedException(file, null, null, "must hold one object, the pack");
    }
    List<SchemaChecker.Violation> violations = packSchemaChecker.violations(packSchema, tree);
    if (!violations.isEmpty()) {
      throw refusal(file, tree, violations.getFirst());
    }
    FunctionPack pack = json.treeToValue(tree, FunctionPack.class);
    String baseUrl = baseUrls.getOrDefault(pack.provider(), pack.baseUrl());
    List<PackedFunction> functions = new ArrayList<>();
    Set<String> slugs = new HashSet<>();
    for (FunctionPack.Function function : pack.functions()) {
      if (!slugs.add(function.slug())) {
        throw new PackRefusedException(file, function.slug(), "slug", "appears twice in the pack");
      }
      functions.add(packed(file, pack, function, baseUrl));
    }
    return functions;
  }

  private PackedFunction packed(
      String file, FunctionPack pack, FunctionPack.Function function, String baseUrl) {
    String slug = function.slug();
    if (!slug.startsWith(pack.provider() + "/")) {
      throw new PackRefusedException(
          file, slug, "slug", "must start with the pack's provider, '" + pack.provider() + "/'");
    }
    checkSchema(file, slug, "inputSchema", function.inputSchema());
    checkSchema(file, slug, "outputSchema", function.outputSchema());
    FunctionPack.Request request = function.request();
    checkPathFields(file, slug, request.path(), function.inputSchema());
    checkExpression(file, slug, "request.query", request.query());
    checkExpression(file, slug, "request.body", request.body());
    checkExpression(file, slug, "response.data", function.response().data());
    checkExpression(file, slug, "response.error", function.response().error());
    Map<String, String> headers = new LinkedHashMap<>(pack.headers());
    if (request.headers() != null) {
      headers.putAll(request.headers());
    }
    return new PackedFunction(
        file,
        pack.provider(),
        slug,
        function.name(),
        function.description(),
        function.connectionType() != null ? function.connectionType() : pack.connectionType(),
        function.timeoutSeconds() != null
            ? function.timeoutSeconds()
            : PackedFunction.DEFAULT_TIMEOUT_SECONDS,
        function.inputSchema(),
        function.outputSchema(),
        request.method(),
        stripTrailingSlash(baseUrl),
        request.path(),
        request.query(),
        Map.copyOf(headers),
        request.body(),
        "form".equals(request.bodyEncoding()),
        function.response().data(),
        function.response().error(),
        Set.copyOf(
            function.retryableStatuses() != null
                ? function.retryableStatuses()
                : pack.retryableStatuses()),
        function.builtin());
  }

  private void checkSchema(String file, String slug, String field, JsonNode schema) {
    List<String> problems = functionSchemaChecker.problems(schema);
    if (!problems.isEmpty()) {
      throw new PackRefusedException(
          file, slug, field, "is not a usable JSON Schema: " + problems.getFirst());
    }
  }

  /** A path field must be a required input field: a missing one would make another URL. */
  private static void checkPathFields(String file, String slug, String path, JsonNode input) {
    Set<String> required = new LinkedHashSet<>();
    input.path("required").forEach(name -> required.add(name.asString()));
    Matcher fields = PATH_FIELD.matcher(path);
    while (fields.find()) {
      if (!required.contains(fields.group(1))) {
        throw new PackRefusedException(
            file,
            slug,
            "request.path",
            "names {" + fields.group(1) + "}, which the input schema does not require");
      }
    }
  }

  private static void checkExpression(String file, String slug, String field, String expression) {
    if (expression == null) {
      return;
    }
    try {
      Jsonata.jsonata(expression);
    } catch (JException | IllegalArgumentException e) {
      throw new PackRefusedException(
          file, slug, field, "is not a valid JSONata expression: " + e.getMessage());
    }
  }

  /** A schema violation at {@code $.functions[2].request.path} is about that function's field. */
  private static PackRefusedException refusal(
      String file, JsonNode tree, SchemaChecker.Violation violation) {
    String path = violation.fieldPath();
    Matcher function = FUNCTION_PATH.matcher(path);
    if (function.matches()) {
      int index = Integer.parseInt(function.group(1));
      JsonNode slug = tree.path("functions").path(index).path("slug");
      String name = slug.isString() ? slug.asString() : "functions[" + index + "]";
      return new PackRefusedException(file, name, field(function.group(2)), violation.message());
    }
    return new PackRefusedException(file, null, field(path.substring(1)), violation.message());
  }

  /** {@code .request.path} becomes {@code request.path}; the pack itself is {@code (pack)}. */
  private static String field(String path) {
    String field = path.startsWith(".") ? path.substring(1) : path;
    return field.isEmpty() ? null : field;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
