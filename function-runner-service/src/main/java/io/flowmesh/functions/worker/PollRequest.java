package io.flowmesh.functions.worker;

import java.util.List;

/**
 * A worker's request for tasks.
 *
 * @param functions the slugs of the functions the worker runs (at least one)
 * @param maxTasks the most tasks to take, 1 to the configured maximum (default 100); default 1
 * @param waitSeconds how long to wait when no task is queued, 0 to the configured maximum (default
 *     20); default the maximum
 * @param leaseSeconds how long the leases last unless heartbeats extend them; default 30
 * @param workerId names the worker in the task's record, for operators; optional
 */
record PollRequest(
    List<String> functions,
    Integer maxTasks,
    Integer waitSeconds,
    Integer leaseSeconds,
    String workerId) {}
