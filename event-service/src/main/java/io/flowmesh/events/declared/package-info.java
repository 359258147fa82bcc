/**
 * Triggers and schedules that workflows declare in their trigger nodes ({@code
 * config.triggerType}), kept in step with each workflow's latest version from the orchestrator's
 * workflow events.
 */
package io.flowmesh.events.declared;
