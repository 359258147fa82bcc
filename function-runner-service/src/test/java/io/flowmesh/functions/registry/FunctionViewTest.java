package io.flowmesh.functions.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.function.FunctionSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A function's API view reads as the {@link FunctionSummary} other services take from it. */
class FunctionViewTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aFunctionsViewReadsAsItsSummaryWhetherEnabledOrNot() {
    for (boolean enabled : List.of(true, false)) {
      FunctionSummary summary =
          json.readerFor(FunctionSummary.class)
              .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(json.writeValueAsBytes(view("acme/enrich", enabled)));

      assertThat(summary).isEqualTo(new FunctionSummary("acme/enrich", enabled));
    }
  }

  private FunctionView view(String slug, boolean enabled) {
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    return new FunctionView(
        slug,
        "Enrich",
        "adds company data",
        "acme",
        "1.0.0",
        3,
        "http",
        false,
        "https://fn.example/enrich",
        "POST",
        List.of("X-Api-Key"),
        10,
        null,
        null,
        null,
        null,
        json.createObjectNode().put("type", "object"),
        json.createObjectNode().put("type", "object"),
        30,
        null,
        0,
        "acme-ai",
        enabled,
        false,
        at,
        at);
  }
}
