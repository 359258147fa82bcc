/**
 * The orchestrator: workflow definitions ({@code definition}), the pure engine that decides each
 * step ({@code engine}), runs and their operations ({@code run}), durable timers ({@code timer}),
 * and the HTTP and Kafka adapters.
 *
 * <p>The ids every feature package passes, {@link io.flowmesh.orchestrator.RunId} and {@link
 * io.flowmesh.orchestrator.WorkflowId}, live here rather than in {@code run} or {@code definition}:
 * {@code engine} and {@code timer} name a run without depending on {@code run}, which depends on
 * them, and this package depends on none of its feature packages. The tenant is common-model's
 * {@link io.flowmesh.model.TenantId}.
 */
package io.flowmesh.orchestrator;
