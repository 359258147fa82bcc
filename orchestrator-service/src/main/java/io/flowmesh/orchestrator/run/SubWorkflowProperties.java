package io.flowmesh.orchestrator.run;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sub-workflow settings.
 *
 * @param maxDepth how deep child runs may nest (a top-level run's children are at depth 1); a child
 *     that would be deeper fails at once with {@code SUB_WORKFLOW_TOO_DEEP}, so a workflow that
 *     calls itself cannot recurse forever
 */
@ConfigurationProperties("flowmesh.orchestrator.sub-workflows")
public record SubWorkflowProperties(@DefaultValue("10") int maxDepth) {}
