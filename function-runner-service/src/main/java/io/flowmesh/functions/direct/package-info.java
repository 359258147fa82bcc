/**
 * Direct execution: {@code POST /execute}, the Workflow Builder's function runner call, runs one
 * function synchronously through the same machinery as a run's requests and answers its outcome,
 * once per caller-chosen execution id (ADR 0022).
 */
package io.flowmesh.functions.direct;
