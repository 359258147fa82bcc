package io.flowmesh.functions.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * External workers' tasks (ADR 0049, docs/workers.md).
 *
 * @param leaseDuration how long a lease lasts when the worker asks for no other duration; a worker
 *     that neither completes nor heartbeats within it is taken for gone
 * @param maxLeaseDuration the longest lease a worker may ask for at a time
 * @param maxWait the longest a poll may wait for tasks; below the gateway's response timeout
 * @param maxTasks the most tasks one poll may take
 * @param recheckInterval how often a waiting poll looks for tasks nobody told it about (handed over
 *     by another instance of this service)
 * @param expiryInterval how often expired leases are looked for and their attempts failed
 * @param retention how long a finished task's row is kept (its result is kept with the executions)
 * @param purgeInterval how often rows of tasks finished before the retention are deleted
 */
@ConfigurationProperties("flowmesh.functions.workers")
record WorkerProperties(
    @DefaultValue("30s") Duration leaseDuration,
    @DefaultValue("10m") Duration maxLeaseDuration,
    @DefaultValue("20s") Duration maxWait,
    @DefaultValue("100") int maxTasks,
    @DefaultValue("500ms") Duration recheckInterval,
    @DefaultValue("1s") Duration expiryInterval,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("1h") Duration purgeInterval) {}
