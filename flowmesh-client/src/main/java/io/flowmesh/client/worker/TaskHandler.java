package io.flowmesh.client.worker;

/**
 * Runs one task of a function. Its return value is the task's output (anything Jackson writes; null
 * for none). Throwing {@link TaskFailure} fails the task with that code; any other exception fails
 * it with {@code WORKER_ERROR}, retryable, so the node's retry policy decides.
 *
 * <p>A handler may be run again for the same node (a retry, or another worker after this one's
 * lease expired): make its side effects idempotent, e.g. keyed by {@link TaskContext#taskId()} or
 * by run and node.
 */
@FunctionalInterface
public interface TaskHandler {

  Object handle(TaskContext task) throws Exception;
}
