package io.flowmesh.integrations;

import io.flowmesh.tenantdata.TenantIdConverters;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.util.PGobject;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Data JDBC stores tenants as text and JSON trees as {@code jsonb} (ADR 0031), the latter
 * with the service's own {@link JsonMapper}, as the hand-written SQL did.
 */
@Configuration(proxyBeanMethods = false)
class JdbcMapping extends AbstractJdbcConfiguration {

  private final JsonMapper json;

  JdbcMapping(JsonMapper json) {
    this.json = json;
  }

  @Override
  protected List<?> userConverters() {
    List<Object> converters = new ArrayList<>(TenantIdConverters.all());
    converters.addAll(List.of(new JsonToJsonb(json), new JsonbToJson(json)));
    return converters;
  }

  @WritingConverter
  record JsonToJsonb(JsonMapper json) implements Converter<JsonNode, PGobject> {

    @Override
    public PGobject convert(JsonNode tree) {
      PGobject jsonb = new PGobject();
      jsonb.setType("jsonb");
      try {
        jsonb.setValue(json.writeValueAsString(tree));
      } catch (SQLException e) {
        throw new IllegalStateException(e); // PGobject.setValue declares it but never throws it
      }
      return jsonb;
    }
  }

  @ReadingConverter
  record JsonbToJson(JsonMapper json) implements Converter<PGobject, JsonNode> {

    @Override
    public JsonNode convert(PGobject jsonb) {
      return json.readTree(jsonb.getValue());
    }
  }
}
