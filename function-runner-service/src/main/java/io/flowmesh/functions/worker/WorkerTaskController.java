package io.flowmesh.functions.worker;

import io.flowmesh.functions.worker.TaskAnswers.Completion;
import io.flowmesh.functions.worker.TaskAnswers.Failure;
import io.flowmesh.functions.worker.TaskAnswers.Heartbeat;
import io.flowmesh.functions.worker.TaskAnswers.Lease;
import io.flowmesh.functions.worker.TaskAnswers.Polled;
import io.flowmesh.functions.worker.TaskAnswers.Result;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker API (docs/workers.md): external workers long-poll for the tasks of their functions and
 * answer each under the lease the poll gave them. The gateway lets only keys with the {@code
 * workers} scope in.
 */
@RestController
@RequestMapping("/api/v1/workers/tasks")
@Tag(name = "Workers")
class WorkerTaskController {

  private final WorkerTaskService tasks;

  WorkerTaskController(WorkerTaskService tasks) {
    this.tasks = tasks;
  }

  @PostMapping("/poll")
  @Operation(
      summary = "Lease queued tasks of these functions, waiting up to waitSeconds for some",
      description =
          "Answers as soon as it leased at least one task, or with no tasks when the wait is"
              + " over. Poll again right after; many workers may poll the same functions, and"
              + " no two ever lease the same task.")
  Polled poll(Tenant tenant, @RequestBody PollRequest request) throws InterruptedException {
    return new Polled(tasks.poll(tenant.id(), request));
  }

  @PostMapping("/{taskId}/complete")
  @Operation(
      summary =
          "Record the task's output under its lease (applied once; a repeat is answered"
              + " alike)",
      description = "409 if the lease is not, or no longer, the task's: the result is not used.")
  Result complete(Tenant tenant, @PathVariable String taskId, @RequestBody Completion completion) {
    return tasks.complete(tenant.id(), taskId, completion);
  }

  @PostMapping("/{taskId}/fail")
  @Operation(
      summary = "Record the task's failure under its lease; a retryable one lets the node retry")
  Result fail(Tenant tenant, @PathVariable String taskId, @RequestBody Failure failure) {
    return tasks.fail(tenant.id(), taskId, failure);
  }

  @PostMapping("/{taskId}/heartbeat")
  @Operation(summary = "Extend the task's lease from now: the worker is still at it")
  Lease heartbeat(Tenant tenant, @PathVariable String taskId, @RequestBody Heartbeat heartbeat) {
    return tasks.heartbeat(tenant.id(), taskId, heartbeat);
  }
}
