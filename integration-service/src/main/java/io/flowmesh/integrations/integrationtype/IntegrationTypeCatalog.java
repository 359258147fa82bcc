package io.flowmesh.integrations.integrationtype;

import io.flowmesh.jsonschema.SchemaChecker;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The integration types other features use: looks a type up and validates a connection's settings
 * and secrets against its JSON Schemas, reporting every problem with its JSON path.
 */
@Service
public class IntegrationTypeCatalog {

  /** Every problem is reported; formats are asserted (a {@code baseUrl} must be a URI). */
  private final SchemaChecker schemas =
      new SchemaChecker("the integration type's schema", Integer.MAX_VALUE, true);

  private final IntegrationTypeRepository types;

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
   * settings.baseUrl}; a missing or unknown property is named itself. Messages of secret values are
   * generic: validator messages may quote the value, and a secret must never appear in a problem.
   */
  public List<FieldProblem> validate(
      JsonNode schema, JsonNode value, String prefix, boolean secret) {
    return schemas.violations(schema, value).stream()
        .map(
            violation ->
                new FieldProblem(
                    // "$.baseUrl" -> "settings.baseUrl"
                    prefix + violation.fieldPath().substring(1),
                    secret ? secretMessage(violation.keyword()) : violation.message()))
        .toList();
  }

  private static String secretMessage(String keyword) {
    return switch (String.valueOf(keyword)) {
      case "required" -> "is required";
      case "additionalProperties" -> "is not a secret field of this integration type";
      case "dependentRequired" -> "is required with the other secret fields given";
      case "type" -> "has the wrong type";
      default -> "is not valid (" + keyword + ")";
    };
  }
}
