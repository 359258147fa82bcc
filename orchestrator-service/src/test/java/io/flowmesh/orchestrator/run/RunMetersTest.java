package io.flowmesh.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.messaging.UuidV7;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunMetersTest {

  @Test
  void anAttemptStartsWhenItsExecutionIdWasMinted() {
    Instant before = Instant.now().minusMillis(1);
    Instant started = RunMeters.startOf(UuidV7.prefixed("exe"));
    assertThat(started).isBetween(before, Instant.now().plus(Duration.ofMillis(1)));
  }

  @Test
  void anIdThatIsNotATimeOrderedUuidHasNoStart() {
    assertThat(RunMeters.startOf("exe_not-a-uuid")).isNull();
    assertThat(RunMeters.startOf("exe_" + "4".repeat(32))).as("version 4").isNull();
    assertThat(RunMeters.startOf("exe_0190f7aa0bcd7" + "z".repeat(19))).isNull();
  }
}
