package io.flowmesh.functions.direct;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Direct executions ({@code POST /execute}).
 *
 * @param grace how long past the function's timeout a call waits for its executor to report (the
 *     executors enforce the timeout themselves; this only bounds one that does not), and after
 *     which a still running execution counts as abandoned by a stopped instance
 * @param pollInterval how often a call with the id of an execution still running checks whether it
 *     has finished
 */
@ConfigurationProperties("flowmesh.functions.direct")
public record DirectExecutionProperties(
    @DefaultValue("5s") Duration grace, @DefaultValue("200ms") Duration pollInterval) {}
