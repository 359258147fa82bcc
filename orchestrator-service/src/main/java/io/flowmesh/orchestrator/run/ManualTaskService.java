package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.FormSchemas;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists the manual tasks of runs and completes them: the submitted data, checked against the task's
 * form, becomes the manual-task node's output, in one transaction under the run row lock.
 */
@Service
public class ManualTaskService {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ManualTaskRepository tasks;
  private final RunRepository runs;
  private final DefinitionService definitions;
  private final RunTransitions transitions;
  private final JsonMapper json;

  ManualTaskService(
      ManualTaskRepository tasks,
      RunRepository runs,
      DefinitionService definitions,
      RunTransitions transitions,
      JsonMapper json) {
    this.tasks = tasks;
    this.runs = runs;
    this.definitions = definitions;
    this.transitions = transitions;
    this.json = json;
  }

  /**
   * The run's tasks, open and done, in the order they were opened.
   *
   * @throws RunNotFoundException if the tenant has no such run
   */
  @Transactional(readOnly = true)
  public List<ManualTask> ofRun(TenantId tenant, RunId runId) {
    runs.find(tenant, runId).orElseThrow(() -> new RunNotFoundException(runId));
    return tasks.ofRun(tenant, runId).stream().map(this::view).toList();
  }

  /** The tenant's tasks across runs, oldest first, filtered by assignee and status when given. */
  @Transactional(readOnly = true)
  public Page<ManualTask> list(TenantId tenant, String assignee, String status, PageRequest page) {
    List<ManualTask> fetched =
        tasks.list(tenant, assignee, status, page.after(), page.fetchSize()).stream()
            .map(this::view)
            .toList();
    return page.page(fetched, ManualTask::taskId);
  }

  /**
   * Completes an open task with the submitted data, which becomes the node's output; the run
   * continues in the same transaction.
   *
   * @throws RunNotFoundException if the tenant has no such run
   * @throws TaskNotFoundException if the run has no such task
   * @throws RunStateConflictException if the task is not open (completed, or its run ended)
   * @throws InvalidRequestException listing every field of the data that breaks the form
   */
  @Transactional
  public ManualTask complete(TenantId tenant, RunId runId, String taskId, Object data) {
    RunRow run = transitions.lock(tenant, runId);
    ManualTaskRepository.TaskRow task =
        tasks
            .find(tenant, runId, taskId)
            .orElseThrow(() -> new TaskNotFoundException(runId, taskId));
    if (task.completedAt() != null) {
      throw new RunStateConflictException(
          "Task '" + taskId + "' was already completed at " + task.completedAt());
    }
    if (!run.status().allows(RunOperation.COMPLETE_TASK) || !"OPEN".equals(task.status())) {
      throw new RunStateConflictException(
          "Task '"
              + taskId
              + "' can no longer be completed: its run '"
              + runId
              + "' is "
              + run.status());
    }
    Object form = task.form() == null ? null : json.readValue((String) task.form(), Object.class);
    List<FieldProblem> problems =
        FormSchemas.violations(form, data).stream()
            .map(v -> new FieldProblem(v.field("data"), v.message()))
            .toList();
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    WorkflowDefinition definition =
        definitions.find(tenant, run.workflowId(), run.version()).orElseThrow().definition();
    RunState state = transitions.state(tenant, run);
    // A paused run records the task's completion; what follows waits for resume.
    FunctionOutcome outcome =
        new FunctionOutcome(tenant, runId, task.nodeId(), task.executionId(), 1, data, null);
    List<Step> steps = transitions.decide(definition, state, outcome);
    transitions.recordOutcome(tenant, run, definition, state, steps, outcome);
    tasks.complete(tenant, taskId, json.writeValueAsString(data), Instant.now());
    return view(tasks.find(tenant, runId, taskId).orElseThrow());
  }

  private ManualTask view(ManualTaskRepository.TaskRow row) {
    ManualTaskRepository.TaskRow parsed =
        row.withJson(parse((String) row.form()), parse((String) row.data()));
    return ManualTask.of(parsed, json.readValue(row.detailsJson(), MAP));
  }

  private Object parse(String jsonText) {
    return jsonText == null ? null : json.readValue(jsonText, Object.class);
  }
}
