package io.flowmesh.events.eventtype;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.jsonschema.SchemaChecker;
import io.flowmesh.model.EventTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's event types and their records agree: every type has a schema that its data
 * matches.
 */
class PlatformEventTypesTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final SchemaChecker checker = new SchemaChecker("the schema", 20);

  @Test
  void everyPlatformTypeHasAnEntry() throws IllegalAccessException {
    List<String> declared =
        Arrays.stream(EventTypes.class.getDeclaredFields())
            .filter(field -> Modifier.isPublic(field.getModifiers()))
            .filter(field -> Modifier.isStatic(field.getModifiers()))
            .filter(field -> field.getType() == String.class)
            .map(PlatformEventTypesTest::value)
            .toList();

    assertThat(PlatformEventTypes.ALL.stream().map(PlatformEventTypes.Entry::type))
        .containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void everySchemaIsValidAndTheRecordsJsonMatchesIt() throws Exception {
    for (PlatformEventTypes.Entry entry : PlatformEventTypes.ALL) {
      JsonNode schema = PlatformEventTypes.schema(entry, json);
      assertThat(checker.problems(schema)).as(entry.type()).isEmpty();
      if (entry.payload() != null) {
        JsonNode sample = json.valueToTree(sample(entry.payload()));
        assertThat(checker.violations(schema, sample)).as(entry.type() + " " + sample).isEmpty();
        // every component of the record is described and required, so none goes unnoticed
        for (RecordComponent component : entry.payload().getRecordComponents()) {
          assertThat(schema.at("/properties/" + component.getName()).isMissingNode())
              .as(entry.type() + "." + component.getName())
              .isFalse();
          assertThat(schema.get("required").values())
              .as(entry.type() + " required")
              .anyMatch(name -> name.asString().equals(component.getName()));
        }
      }
    }
  }

  @Test
  void aRecordsJsonWithAWrongTypeBreaksItsSchema() throws Exception {
    PlatformEventTypes.Entry started =
        PlatformEventTypes.ALL.stream()
            .filter(entry -> entry.type().equals(EventTypes.RUN_STARTED))
            .findFirst()
            .orElseThrow();
    JsonNode schema = PlatformEventTypes.schema(started, json);
    Map<String, Object> wrong = json.convertValue(sample(started.payload()), Map.class);
    wrong.put("workflowVersion", "one");

    assertThat(checker.violations(schema, json.valueToTree(wrong))).isNotEmpty();
  }

  /** A value of the record with every component set, nested records included. */
  private static Object sample(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = sampleValue(types[i]);
    }
    return type.getDeclaredConstructor(types).newInstance(values);
  }

  private static Object sampleValue(Class<?> type) throws Exception {
    if (type == String.class) {
      return "x";
    }
    if (type == int.class || type == Integer.class) {
      return 1;
    }
    if (type == long.class || type == Long.class) {
      return 1L;
    }
    if (type == boolean.class || type == Boolean.class) {
      return true;
    }
    if (type == Instant.class) {
      return Instant.parse("2026-12-07T10:00:00Z");
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type.isRecord()) {
      return sample(type);
    }
    if (type == Map.class) {
      return Map.of("k", "v");
    }
    if (type == List.class) {
      return List.of("v");
    }
    return Map.of("any", "json");
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
