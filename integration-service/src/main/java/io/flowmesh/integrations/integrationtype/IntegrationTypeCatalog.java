package io.flowmesh.integrations.integrationtype;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The integration types other features use: looks a type up and validates a connection's settings
 * and secrets against its JSON Schemas, reporting every problem with its JSON path.
 */
@Service
public class IntegrationTypeCatalog {

  private static final ExecutionConfig ASSERT_FORMATS =
      ExecutionConfig.builder().formatAssertionsEnabled(true).build();

  private final IntegrationTypeRepository types;
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  // Compiled schemas by their text: a type's schema rarely changes, compiling it is not free.
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  IntegrationTypeCatalog(IntegrationTypeRepository types) {
    this.types = types;
  }

  /**
   * @throws IntegrationTypeNotFoundException if the tenant cannot see the type
   */
  public IntegrationTypeView get(String tenant, String type) {
    return types.find(tenant, type).orElseThrow(() -> new IntegrationTypeNotFoundException(type));
  }

  /**
   * Problems of a settings object, each named by its JSON path under {@code prefix}, e.g. {@code
   * settings.baseUrl}. Messages of secret values are generic: validator messages may quote the
   * value, and a secret must never appear in a problem.
   */
  public List<FieldProblem> validate(
      JsonNode schema, JsonNode value, String prefix, boolean secret) {
    Schema compiledSchema =
        compiled.computeIfAbsent(schema.toString(), s -> registry.getSchema(schema));
    List<Error> errors =
        compiledSchema.validate(value, context -> context.setExecutionConfig(ASSERT_FORMATS));
    List<FieldProblem> problems = new ArrayList<>();
    for (Error error : errors) {
      String path = prefix + pathOf(error);
      problems.add(new FieldProblem(path, secret ? secretMessage(error) : message(error)));
    }
    return problems;
  }

  // Required and additional-property errors concern a named child: report them at that child.
  private static String pathOf(Error error) {
    NodePath location = error.getInstanceLocation();
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
    }
    if (error.getProperty() != null
        && ("required".equals(error.getKeyword())
            || "additionalProperties".equals(error.getKeyword())
            || "dependentRequired".equals(error.getKeyword()))) {
      path.append('.').append(error.getProperty());
    }
    return path.toString();
  }

  private static String message(Error error) {
    String text = error.getMessage();
    // Messages start with the instance location ("/baseUrl: ..."), which the field already names.
    int colon = text.indexOf(": ");
    return colon >= 0 && (text.startsWith("/") || text.startsWith("$") || text.startsWith(":"))
        ? text.substring(colon + 2)
        : text;
  }

  private static String secretMessage(Error error) {
    return switch (error.getKeyword()) {
      case "required" -> "is required";
      case "additionalProperties" -> "is not a secret field of this integration type";
      case "dependentRequired" -> "is required with the other secret fields given";
      case "type" -> "has the wrong type";
      default -> "is not valid (" + error.getKeyword() + ")";
    };
  }
}
