/** Events about workflows themselves (their definitions), on {@code Topics.WORKFLOW_EVENTS}. */
package io.flowmesh.model.workflow;
