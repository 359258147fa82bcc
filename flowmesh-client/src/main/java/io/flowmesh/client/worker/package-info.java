/**
 * A worker runtime for {@code worker} functions: register a {@link
 * io.flowmesh.client.worker.TaskHandler} per function slug, start a {@link
 * io.flowmesh.client.worker.Worker}, and it polls, runs, heartbeats, answers and drains on close
 * (docs/workers.md).
 */
package io.flowmesh.client.worker;
