package io.flowmesh.orchestrator.run;

import static io.flowmesh.orchestrator.run.RunOperation.CANCEL;
import static io.flowmesh.orchestrator.run.RunOperation.COMPLETE_TASK;
import static io.flowmesh.orchestrator.run.RunOperation.DELIVER_EVENT;
import static io.flowmesh.orchestrator.run.RunOperation.FIRE_TIMER;
import static io.flowmesh.orchestrator.run.RunOperation.PAUSE;
import static io.flowmesh.orchestrator.run.RunOperation.PURGE;
import static io.flowmesh.orchestrator.run.RunOperation.RECORD_RESULT;
import static io.flowmesh.orchestrator.run.RunOperation.RESUME;
import static io.flowmesh.orchestrator.run.RunOperation.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;

class RunStatusMachineTest {

  /** The columns of {@link #MACHINE}, in order. */
  private static final List<RunOperation> COLUMNS =
      List.of(
          CANCEL,
          PAUSE,
          RESUME,
          RETRY,
          DELIVER_EVENT,
          COMPLETE_TASK,
          RECORD_RESULT,
          FIRE_TIMER,
          PURGE);

  /** The whole machine: y where the state allows the operation, - where it is a conflict. */
  private static final String MACHINE =
      """
      # state   | CANCEL | PAUSE | RESUME | RETRY | DELIVER_EVENT | COMPLETE_TASK | RECORD_RESULT | FIRE_TIMER | PURGE
      PENDING   | y      | y     | -      | -     | y             | y             | y             | y          | -
      RUNNING   | y      | y     | -      | -     | y             | y             | y             | y          | -
      WAITING   | y      | y     | -      | -     | y             | y             | y             | y          | -
      PAUSED    | y      | -     | y      | -     | y             | y             | y             | -          | -
      COMPLETED | -      | -     | -      | -     | -             | -             | -             | -          | y
      FAILED    | -      | -     | -      | y     | -             | -             | -             | -          | y
      CANCELLED | -      | -     | -      | -     | -             | -             | -             | -          | y
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = MACHINE)
  void aStateAllowsExactlyTheOperationsMarkedInItsRow(ArgumentsAccessor row) {
    RunStatus state = RunStatus.valueOf(row.getString(0));
    List<RunOperation> expected = new ArrayList<>();
    for (int column = 0; column < COLUMNS.size(); column++) {
      if (row.getString(column + 1).equals("y")) {
        expected.add(COLUMNS.get(column));
      }
    }

    List<RunOperation> allowed =
        COLUMNS.stream().filter(operation -> state.allows(operation)).toList();

    assertThat(allowed).as("operations %s allows", state).isEqualTo(expected);
  }

  @Test
  void theGridCoversEveryStateAndEveryOperation() {
    assertThat(COLUMNS).containsExactlyInAnyOrder(RunOperation.values());
    List<String> rows =
        MACHINE
            .lines()
            .filter(line -> !line.startsWith("#"))
            .map(line -> line.substring(0, line.indexOf('|')).strip())
            .toList();
    assertThat(rows)
        .containsExactly(
            List.of(RunStatus.values()).stream().map(RunStatus::name).toArray(String[]::new));
  }

  @Test
  void onlyCancelAndPauseLeadToAFixedState() {
    for (RunOperation operation : RunOperation.values()) {
      Optional<RunStatus> expected =
          switch (operation) {
            case CANCEL -> Optional.of(RunStatus.CANCELLED);
            case PAUSE -> Optional.of(RunStatus.PAUSED);
            default -> Optional.empty();
          };
      assertThat(operation.leadsTo()).as("%s leads to", operation).isEqualTo(expected);
    }
  }
}
