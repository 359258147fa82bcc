package io.flowmesh.orchestrator.builder;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.orchestrator.run.RunView;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WorkflowStatusMappingTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final WorkflowDefinition definition =
      new DefinitionParser(json)
          .parse(
              json.readTree(
                  """
                  {"id": "wf", "nodes": [
                    {"id": "trigger", "type": "trigger", "config": {}},
                    {"id": "fetch", "type": "action", "config": {"actionId": "system/http-request"}},
                    {"id": "uuid", "type": "action", "config": {"actionId": "core/uuid"}},
                    {"id": "end", "type": "end", "config": {}}],
                   "edges": [{"id": "e1", "source": "trigger", "target": "fetch"},
                             {"id": "e2", "source": "fetch", "target": "uuid"},
                             {"id": "e3", "source": "uuid", "target": "end"}]}"""));

  private static RunView run(
      RunStatus status, Map<String, Object> outputs, Map<String, Object> error) {
    return new RunView("run_1", "wf", 1, status, outputs, error, Instant.EPOCH, null, null);
  }

  @Test
  void eachFinishedNodeIsASuccessWithItsDataAndTheTriggerStaysAsGiven() {
    WorkflowStatus status =
        WorkflowStatusMapping.of(
            run(
                RunStatus.RUNNING,
                Map.of(
                    "trigger", Map.of("input", "value"),
                    "fetch", Map.of("status", 200, "headers", Map.of(), "body", Map.of("a", 1))),
                null),
            definition);

    assertThat(status.instanceId()).isEqualTo("run_1");
    assertThat(status.outputs())
        .containsEntry("trigger", Map.of("input", "value"))
        .containsEntry("fetch", Map.of("success", true, "data", Map.of("a", 1)))
        .doesNotContainKey("uuid");
    assertThat(status.progress()).isEqualTo(50);
  }

  @Test
  void theNodeThatFailedTheRunIsNotASuccess() {
    WorkflowStatus status =
        WorkflowStatusMapping.of(
            run(
                RunStatus.FAILED,
                Map.of("trigger", Map.of()),
                Map.of("code", "HTTP_500", "message", "GET answered HTTP 500", "nodeId", "fetch")),
            definition);

    assertThat(status.runtimeStatus()).isEqualTo("FAILED");
    assertThat(status.outputs())
        .containsEntry("fetch", Map.of("success", false, "error", "GET answered HTTP 500"));
    assertThat(status.progress()).isEqualTo(25);
  }

  @Test
  void statesMapToTheWorkflowBuildersRuntimeStatusesAndPhases() {
    assertThat(WorkflowStatusMapping.runtimeStatus(RunStatus.WAITING)).isEqualTo("RUNNING");
    assertThat(WorkflowStatusMapping.phase(RunStatus.WAITING)).isEqualTo("waiting");
    assertThat(WorkflowStatusMapping.runtimeStatus(RunStatus.PAUSED)).isEqualTo("SUSPENDED");
    assertThat(WorkflowStatusMapping.runtimeStatus(RunStatus.CANCELLED)).isEqualTo("TERMINATED");
    assertThat(WorkflowStatusMapping.phase(RunStatus.CANCELLED)).isEqualTo("terminated");
    assertThat(WorkflowStatusMapping.progress(run(RunStatus.COMPLETED, Map.of(), null), definition))
        .isEqualTo(100);
  }
}
