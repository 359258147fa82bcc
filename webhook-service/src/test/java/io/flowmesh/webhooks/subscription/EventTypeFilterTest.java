package io.flowmesh.webhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypeFilterTest {

  @Test
  void exactTypesMatchOnlyThemselves() {
    EventTypeFilter filter = EventTypeFilter.of(List.of("io.flowmesh.run.completed.v1"));

    assertThat(filter.matches("io.flowmesh.run.completed.v1")).isTrue();
    assertThat(filter.matches("io.flowmesh.run.completed.v2")).isFalse();
    assertThat(filter.matches("IO.FLOWMESH.RUN.COMPLETED.V1")).isFalse();
    assertThat(filter.matches(null)).isFalse();
  }

  @Test
  void aTrailingStarMatchesEverythingBelowThePrefixAcrossDots() {
    EventTypeFilter filter = EventTypeFilter.of(List.of("io.flowmesh.run.*"));

    assertThat(filter.matches("io.flowmesh.run.started.v1")).isTrue();
    assertThat(filter.matches("io.flowmesh.run.node.completed.v1")).isTrue();
    assertThat(filter.matches("io.flowmesh.function.requested.v1")).isFalse();
    assertThat(filter.matches("io.flowmesh.runner.started.v1")).isFalse();
  }

  @Test
  void starsMayStandAnywhere() {
    assertThat(
            EventTypeFilter.matches("io.flowmesh.*.completed.v1", "io.flowmesh.run.completed.v1"))
        .isTrue();
    assertThat(
            EventTypeFilter.matches(
                "io.flowmesh.*.completed.v1", "io.flowmesh.run.node.completed.v1"))
        .isTrue();
    assertThat(EventTypeFilter.matches("io.flowmesh.*.completed.v1", "io.flowmesh.run.failed.v1"))
        .isFalse();
    assertThat(EventTypeFilter.matches("*.v1", "io.flowmesh.run.failed.v1")).isTrue();
    assertThat(EventTypeFilter.matches("*", "anything")).isTrue();
    assertThat(EventTypeFilter.matches("a*b*c", "aXbYbZc")).isTrue();
    assertThat(EventTypeFilter.matches("a*b*c", "aXbYbZ")).isFalse();
    assertThat(EventTypeFilter.matches("io.flowmesh.run.*", "io.flowmesh.run.")).isTrue();
  }

  @Test
  void aHostilePatternStaysFast() {
    String pattern = "*a".repeat(90) + "b";
    String text = "a".repeat(5000);

    long start = System.nanoTime();
    assertThat(EventTypeFilter.matches(pattern, text)).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void namesWhatIsWrongWithAnEntry() {
    assertThat(EventTypeFilter.problem("io.flowmesh.run.*")).isEmpty();
    assertThat(EventTypeFilter.problem("com.example:order/created-v1")).isEmpty();
    assertThat(EventTypeFilter.problem(" ")).hasValue("must not be blank");
    assertThat(EventTypeFilter.problem(null)).hasValue("must not be blank");
    assertThat(EventTypeFilter.problem("io flowmesh"))
        .get()
        .asString()
        .startsWith("may contain only");
    assertThat(EventTypeFilter.problem("x".repeat(201))).hasValue("must be at most 200 characters");
  }
}
