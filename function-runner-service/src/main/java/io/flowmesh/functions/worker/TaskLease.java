package io.flowmesh.functions.worker;

import io.flowmesh.functions.execution.PendingExecution;
import io.flowmesh.model.function.FunctionRequested;
import java.time.Instant;

/**
 * A task as an answer to it finds it (locked): decides whether a worker's answer applies, repeats
 * one already applied, or comes too late.
 *
 * @param tenant the task's tenant
 * @param taskId the task's id (its execution id)
 * @param function the function's slug
 * @param runId the run
 * @param nodeId the node
 * @param attempt the node's attempt
 * @param replyKey the request's record key, reused for the result
 * @param traceparent the request's trace context, may be null
 * @param status QUEUED, LEASED, SUCCEEDED, FAILED or EXPIRED
 * @param leaseToken the current or last lease's token, null if never leased
 * @param leaseLive whether the lease has not expired yet (by the database's clock)
 * @param leasedAt when the current or last lease began, null if never leased
 */
record TaskLease(
    String tenant,
    String taskId,
    String function,
    String runId,
    String nodeId,
    int attempt,
    String replyKey,
    String traceparent,
    String status,
    String leaseToken,
    boolean leaseLive,
    Instant leasedAt) {

  /** What becomes of a worker's answer. */
  enum Decision {
    /** The lease is valid: the answer is the task's result. */
    APPLY,
    /** The same lease already answered: the answer changes nothing (a retried request). */
    REPEAT,
    /** The lease is not (or no longer) the task's: another worker has it, or it expired. */
    STALE
  }

  Decision decide(String token) {
    boolean ours = token != null && token.equals(leaseToken);
    if (ours && "LEASED".equals(status) && leaseLive) {
      return Decision.APPLY;
    }
    if (ours && ("SUCCEEDED".equals(status) || "FAILED".equals(status))) {
      return Decision.REPEAT;
    }
    return Decision.STALE;
  }

  /** Why the answer is refused, for the 409 problem. */
  String staleReason(String token) {
    boolean ours = token != null && token.equals(leaseToken);
    return switch (status) {
      case "QUEUED" -> "Task " + taskId + " is not leased; poll for it first.";
      case "LEASED" ->
          ours
              ? "The lease on task " + taskId + " has expired; its attempt is being failed."
              : "Task " + taskId + " is leased under another lease token.";
      case "EXPIRED" ->
          "The lease on task "
              + taskId
              + " expired and its attempt was failed; a retry, if the node's policy allows one,"
              + " comes as a new task.";
      default -> "Task " + taskId + " was already answered under another lease.";
    };
  }

  /** The request this task answers, as the execution recorder takes it (without the input). */
  PendingExecution pending() {
    return new PendingExecution(
        new FunctionRequested(taskId, runId, nodeId, attempt, function, null, 0),
        tenant,
        replyKey,
        traceparent);
  }
}
