package io.flowmesh.orchestrator.run.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.web.InvalidRequestException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunFilterTest {

  @Test
  void parsesSeveralStatesInAnyCaseAndTimestamps() {
    RunFilter filter =
        RunFilter.parse(
            "wf", " failed,Cancelled ", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "k");

    assertThat(filter.statuses()).containsExactlyInAnyOrder(RunStatus.FAILED, RunStatus.CANCELLED);
    assertThat(filter.startedAfter()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(filter.startedBefore()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(filter.isEmpty()).isFalse();
    assertThat(RunFilter.parse(null, null, null, null, null).isEmpty()).isTrue();
  }

  @Test
  void reportsEveryBadParameterAtOnce() {
    assertThatThrownBy(
            () -> RunFilter.parse(" ", "SLEEPING", "yesterday", "2026-13-01T00:00:00Z", ""))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems().stream().map(p -> p.field()).toList())
                    .containsExactlyInAnyOrderElementsOf(
                        List.of(
                            "status",
                            "startedAfter",
                            "startedBefore",
                            "workflowId",
                            "businessKey")));
  }

  @Test
  void aVersionIsAPositiveNumberOfANamedWorkflow() {
    RunFilter filter =
        new RunFilter.Parameters("wf", " 3 ", null, null, null, null, "run_parent").parse();
    assertThat(filter.version()).isEqualTo(3);
    assertThat(filter.parentRunId()).isEqualTo("run_parent");
    assertThat(new RunFilter.Parameters(null, null, null, null, null, null, "p").parse().isEmpty())
        .isFalse();
    assertThatThrownBy(
            () -> new RunFilter.Parameters(null, "3", null, null, null, null, null).parse())
        .hasMessageContaining("version: needs workflowId");
    assertThatThrownBy(
            () -> new RunFilter.Parameters("wf", "v3", null, null, null, null, null).parse())
        .hasMessageContaining("version: must be a positive integer");
    assertThatThrownBy(
            () -> new RunFilter.Parameters("wf", "0", null, null, null, null, " ").parse())
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems().stream().map(p -> p.field()).toList())
                    .containsExactlyInAnyOrder("version", "parentRunId"));
  }

  @Test
  void anEmptyOrReversedRangeIsRefused() {
    assertThatThrownBy(
            () -> RunFilter.parse(null, null, "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z", null))
        .hasMessageContaining("startedBefore: must be later than startedAfter");
  }

  @Test
  void narrowsToTheStatesAnOperationAppliesTo() {
    EnumSet<RunStatus> cancellable = EnumSet.of(RunStatus.RUNNING, RunStatus.PAUSED);
    assertThat(RunFilter.parse(null, null, null, null, null).statusesAmong(cancellable))
        .isEqualTo(cancellable);
    assertThat(RunFilter.parse(null, "paused,failed", null, null, null).statusesAmong(cancellable))
        .containsExactly(RunStatus.PAUSED);
    assertThat(RunFilter.parse(null, "completed", null, null, null).statusesAmong(cancellable))
        .isEmpty();
  }
}
