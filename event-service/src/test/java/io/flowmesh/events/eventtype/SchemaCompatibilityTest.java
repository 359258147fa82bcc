package io.flowmesh.events.eventtype;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SchemaCompatibilityTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private static final String ORDER =
      """
      {"type": "object", "required": ["orderId", "total"],
       "properties": {"orderId": {"type": "string", "maxLength": 20},
                      "total": {"type": "number", "minimum": 0},
                      "status": {"enum": ["new", "paid"]}}}
      """;

  private List<String> problems(String before, String after) {
    return SchemaCompatibility.problems(json.readTree(before), json.readTree(after));
  }

  @Test
  void wideningChangesAreCompatible() {
    assertThat(problems(ORDER, ORDER)).isEmpty();
    assertThat(
            problems(
                ORDER,
                """
                {"type": "object", "required": ["orderId"], "description": "an order",
                 "properties": {"orderId": {"type": ["string", "null"], "maxLength": 40},
                                "total": {"type": "number"},
                                "status": {"enum": ["new", "paid", "refunded"]},
                                "note": {"type": "string"}}}
                """))
        .isEmpty();
    assertThat(problems(ORDER, "{}")).isEmpty();
    assertThat(problems(ORDER, "true")).isEmpty();
  }

  @Test
  void narrowingChangesAreNamedByPath() {
    assertThat(
            problems(
                ORDER,
                """
                {"type": "object", "required": ["orderId", "total", "status"],
                 "properties": {"orderId": {"type": "string", "maxLength": 10},
                                "total": {"type": "integer", "minimum": 0},
                                "status": {"enum": ["new"]}}}
                """))
        .containsExactlyInAnyOrder(
            "$.required: requires a property that was optional",
            "$.properties.orderId.maxLength: lowered from 20 to 10",
            "$.properties.total.type: allows fewer types than before",
            "$.properties.status.enum: allows fewer values than before");
    assertThat(problems("{}", "{\"type\": \"object\"}"))
        .containsExactly("$: accepted any value and now has constraints");
    assertThat(
            problems(
                "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}",
                "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"^x\"}}}"))
        .containsExactly("$.properties.a.pattern: is a new constraint");
    assertThat(
            problems(
                "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}}",
                "{\"type\": \"object\", \"additionalProperties\": false}"))
        .containsExactly("$.additionalProperties: changed in a way that is not provably wider");
  }
}
