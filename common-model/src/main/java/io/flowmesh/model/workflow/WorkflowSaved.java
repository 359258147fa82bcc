package io.flowmesh.model.workflow;

import java.util.Map;

/**
 * A version of a workflow was saved. Carries how the workflow says it starts, read from its trigger
 * node, so that event-service keeps the workflow's declared trigger or schedule in step with its
 * latest version.
 *
 * @param workflowId the workflow
 * @param version the version saved
 * @param triggerType how it starts: {@code manual}, {@code event}, {@code schedule} or {@code
 *     webhook} (normalised to lower case; a type Flowmesh does not start by, such as the Workflow
 *     Builder's {@code Database Event}, is {@code manual})
 * @param trigger the trigger's settings in Flowmesh's names: for {@code event} {@code eventTypes},
 *     {@code filter}, {@code input}, {@code businessKey}; for {@code schedule} {@code cron} or
 *     {@code every}, {@code timeZone}, {@code input}; for {@code webhook} {@code hookId}, {@code
 *     filter}, {@code input}, {@code businessKey}; empty for {@code manual}
 */
public record WorkflowSaved(
    String workflowId, int version, String triggerType, Map<String, Object> trigger) {}
