package io.flowmesh.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.worker.TaskLease.Decision;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskLeaseTest {

  private static TaskLease task(String status, String token, boolean live) {
    return new TaskLease(
        "t",
        "exe_1",
        "acme/x",
        "run_1",
        "n1",
        1,
        "run_1",
        null,
        status,
        token,
        live,
        Instant.now());
  }

  @Test
  void anAnswerUnderTheLiveLeaseApplies() {
    assertThat(task("LEASED", "a", true).decide("a")).isEqualTo(Decision.APPLY);
  }

  @Test
  void theSameAnswerAfterTheTaskEndedIsARepeatNotAConflict() {
    assertThat(task("SUCCEEDED", "a", false).decide("a")).isEqualTo(Decision.REPEAT);
    assertThat(task("FAILED", "a", false).decide("a")).isEqualTo(Decision.REPEAT);
  }

  @Test
  void anotherLeaseAnExpiredLeaseOrNoLeaseIsStaleAndSaysWhy() {
    assertThat(task("LEASED", "b", true).decide("a")).isEqualTo(Decision.STALE);
    assertThat(task("LEASED", "b", true).staleReason("a")).contains("another lease token");
    assertThat(task("LEASED", "a", false).decide("a")).isEqualTo(Decision.STALE);
    assertThat(task("LEASED", "a", false).staleReason("a")).contains("expired");
    assertThat(task("EXPIRED", "a", false).decide("a")).isEqualTo(Decision.STALE);
    assertThat(task("EXPIRED", "a", false).staleReason("a")).contains("expired");
    assertThat(task("QUEUED", null, false).decide("a")).isEqualTo(Decision.STALE);
    assertThat(task("QUEUED", null, false).staleReason("a")).contains("not leased");
    assertThat(task("SUCCEEDED", "b", false).decide("a")).isEqualTo(Decision.STALE);
    assertThat(task("SUCCEEDED", "b", false).staleReason("a")).contains("another lease");
  }
}
