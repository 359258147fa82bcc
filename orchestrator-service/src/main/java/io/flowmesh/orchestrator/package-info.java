/**
 * The orchestrator: workflow definitions ({@code definition}), the pure engine that decides each
 * step ({@code engine}), runs and their operations ({@code run}), durable timers ({@code timer}),
 * and the HTTP and Kafka adapters.
 *
 * <p>The ids every feature package passes, {@link io.flowmesh.orchestrator.RunId} and {@link
 * io.flowmesh.orchestrator.WorkflowId}, live here rather than in {@code run} or {@code definition}:
 * the engine's {@code RunState} and the timer's rows carry a run id, and neither package may depend
 * on {@code run}, which depends on both. This package depends on none of its feature packages. The
 * tenant is common-model's {@link io.flowmesh.model.TenantId}. Ids are wrapped where they enter (a
 * path variable, a Kafka payload, a row) and unwrapped with {@code value()} where they leave (SQL,
 * JSON, headers).
 */
package io.flowmesh.orchestrator;
