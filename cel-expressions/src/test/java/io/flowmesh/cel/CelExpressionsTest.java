package io.flowmesh.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.cel.CelExpressions.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CelExpressionsTest {

  private final CelExpressions expressions = CelExpressions.over("event");
  private final JsonMapper json = JsonMapper.builder().build();

  private Map<String, Object> event(String jsonText) {
    return Map.of("event", CelValues.of(json.readTree(jsonText)));
  }

  @Test
  void problemsNameWhatIsWrong() {
    assertThat(expressions.problem("event.data.total > 10", Result.BOOL)).isEmpty();
    assertThat(expressions.problem("event.data.total +", Result.BOOL))
        .get()
        .asString()
        .startsWith("is not a valid CEL expression giving a bool");
    assertThat(expressions.problem("order.total > 1", Result.BOOL))
        .get()
        .asString()
        .contains("undeclared reference to 'order'");
    assertThat(expressions.problem("1 + 2", Result.STRING)).isPresent();
    assertThat(expressions.problem(" ", Result.ANY))
        .contains("must not be blank; leave it out (or null) for none");
    assertThat(expressions.problem("a".repeat(2001), Result.ANY))
        .contains("must be at most 2000 characters");
  }

  @Test
  void evaluatesOverJsonAndGivesJsonBack() throws Exception {
    Map<String, Object> values =
        event(
            "{\"type\": \"order\", \"data\": {\"total\": 12, \"items\": [{\"sku\": \"a\"}], \"note\": null}}");

    assertThat(expressions.evaluate("event.data.total > 10", Result.BOOL, values)).isEqualTo(true);
    assertThat(expressions.evaluate("event.data.items[0].sku", Result.STRING, values))
        .isEqualTo("a");
    Object mapped =
        expressions.evaluate(
            "{'orderTotal': event.data.total, 'skus': event.data.items.map(i, i.sku), 'note': event.data.note}",
            Result.ANY,
            values);
    assertThat(CelValues.toJson(mapped))
        .isEqualTo(
            new java.util.LinkedHashMap<>(Map.of("orderTotal", 12L, "skus", List.of("a"))) {
              {
                put("note", null);
              }
            });
  }

  @Test
  void aMissingFieldIsAnEvaluationFailure() {
    assertThatThrownBy(
            () ->
                expressions.evaluate(
                    "event.data.missing == 1", Result.BOOL, event("{\"data\": {}}")))
        .isInstanceOf(CelExpressions.EvaluationFailure.class)
        .hasMessageContaining("missing");
  }
}
