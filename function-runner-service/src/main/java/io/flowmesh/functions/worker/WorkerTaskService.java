package io.flowmesh.functions.worker;

import io.flowmesh.functions.execution.ExecutionRecorder;
import io.flowmesh.functions.execution.FinishedExecution;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.registry.FunctionRegistry;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.functions.schema.JsonSchemas;
import io.flowmesh.functions.worker.TaskAnswers.Completion;
import io.flowmesh.functions.worker.TaskAnswers.Failure;
import io.flowmesh.functions.worker.TaskAnswers.Lease;
import io.flowmesh.functions.worker.TaskAnswers.Result;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.web.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The worker API's use cases: long polls that lease tasks, and the answers (completion, failure,
 * heartbeat) that must carry the task's current lease. An answer is applied once, in the same
 * transaction as the result message the run receives (ADR 0049).
 */
@Service
class WorkerTaskService {

  private final WorkerTaskStore tasks;
  private final TaskArrivals arrivals;
  private final ExecutionRecorder recorder;
  private final FunctionRegistry registry;
  private final JsonSchemas schemas;
  private final WorkerProperties properties;

  WorkerTaskService(
      WorkerTaskStore tasks,
      TaskArrivals arrivals,
      ExecutionRecorder recorder,
      FunctionRegistry registry,
      JsonSchemas schemas,
      WorkerProperties properties) {
    this.tasks = tasks;
    this.arrivals = arrivals;
    this.recorder = recorder;
    this.registry = registry;
    this.schemas = schemas;
    this.properties = properties;
  }

  /**
   * Leases the tenant's oldest queued tasks of the functions, waiting for some to arrive if none is
   * queued. Returns as soon as it leased any, or empty when the wait is over.
   */
  List<LeasedTask> poll(String tenant, PollRequest request) throws InterruptedException {
    Poll poll = Poll.of(request, properties);
    Instant deadline = Instant.now().plus(poll.waitTime());
    while (true) {
      long mark = arrivals.mark();
      List<LeasedTask> leased =
          tasks.claim(tenant, poll.functions(), poll.maxTasks(), poll.workerId(), poll.lease());
      Duration left = Duration.between(Instant.now(), deadline);
      if (!leased.isEmpty() || !left.isPositive()) {
        return leased;
      }
      // Woken at once by tasks handed over here; tasks handed over by another instance of this
      // service are found at the next re-check.
      Duration recheck = properties.recheckInterval();
      arrivals.awaitAfter(mark, left.compareTo(recheck) < 0 ? left : recheck);
    }
  }

  /** Records the task's output (or its failure, if its output schema refuses it). */
  @Transactional
  public Result complete(String tenant, String taskId, Completion completion) {
    String token = completion.leaseToken();
    TaskLease task = lockedForAnswer(tenant, taskId, token);
    if (task.decide(token) == TaskLease.Decision.REPEAT) {
      return new Result(taskId, task.status(), null, null);
    }
    JsonNode output = completion.output() == null ? NullNode.getInstance() : completion.output();
    return finish(task, checked(tenant, task, output));
  }

  /** Records the task's failure; a retryable one lets the node's retry policy try again. */
  @Transactional
  public Result fail(String tenant, String taskId, Failure failure) {
    String token = failure.leaseToken();
    TaskLease task = lockedForAnswer(tenant, taskId, token);
    ExecutionError error = Failures.error(failure);
    if (task.decide(token) == TaskLease.Decision.REPEAT) {
      return new Result(taskId, task.status(), null, null);
    }
    return finish(task, new Outcome.Failed(error));
  }

  /** Extends the lease from now. */
  @Transactional
  public Lease heartbeat(String tenant, String taskId, TaskAnswers.Heartbeat heartbeat) {
    TaskLease task =
        tasks.lock(tenant, taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
    String token = requireToken(heartbeat.leaseToken());
    Duration lease = Poll.lease(heartbeat.leaseSeconds(), properties);
    return tasks
        .extend(tenant, taskId, token, lease)
        .map(expiresAt -> new Lease(taskId, expiresAt))
        .orElseThrow(() -> new StaleLeaseException(task.staleReason(token)));
  }

  private TaskLease lockedForAnswer(String tenant, String taskId, String token) {
    // Found first, then checked: another tenant's task id is a 404 whatever the body says.
    TaskLease task =
        tasks.lock(tenant, taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
    requireToken(token);
    if (task.decide(token) == TaskLease.Decision.STALE) {
      throw new StaleLeaseException(task.staleReason(token));
    }
    return task;
  }

  private Outcome checked(String tenant, TaskLease task, JsonNode output) {
    RegisteredFunction function =
        registry.resolve(tenant, List.of(task.function())).get(task.function());
    List<String> wrong =
        function == null ? List.of() : schemas.violations(function.outputSchema(), output);
    if (!wrong.isEmpty()) {
      return Outcome.failed(
          Outcome.OUTPUT_INVALID,
          "The output of '"
              + task.function()
              + "' does not match its output schema: "
              + String.join("; ", wrong),
          false);
    }
    return Outcome.succeeded(output);
  }

  private Result finish(TaskLease task, Outcome outcome) {
    tasks.finish(task, outcome instanceof Outcome.Succeeded ? "SUCCEEDED" : "FAILED");
    Instant startedAt = task.leasedAt() != null ? task.leasedAt() : Instant.now();
    recorder.record(
        List.of(
            new FinishedExecution(
                task.pending(), outcome, startedAt, Instant.now(), task.traceparent())));
    return switch (outcome) {
      case Outcome.Succeeded succeeded -> new Result(task.taskId(), "SUCCEEDED", null, null);
      case Outcome.Failed failed ->
          new Result(task.taskId(), "FAILED", failed.error().code(), failed.error().message());
    };
  }

  private static String requireToken(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidRequestException("leaseToken", "is required: the token the poll returned");
    }
    return token;
  }
}
