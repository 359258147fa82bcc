/**
 * The Workflow Builder's API ({@code /api/v2/workflows}): its request and response shapes over the
 * same runs as {@code /api/v1}, so that a client written for the Workflow Builder works unchanged
 * (docs/workflow-builder-compatibility.md).
 */
package io.flowmesh.orchestrator.builder;
