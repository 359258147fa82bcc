package io.flowmesh.orchestrator.correlation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Event correlation settings.
 *
 * @param enabled whether this instance consumes accepted events and checks new waits against the
 *     buffered ones (every replica may; an advisory lock per tenant and event name orders them)
 * @param bufferWindow how long an accepted event is kept for waits recorded after it arrived: a
 *     wait resolves at once by the earliest matching event of its name received within this window
 * @param checkInterval the longest a new wait goes unchecked against the buffered events when the
 *     in-process signal after its commit was missed (another replica, a restart)
 * @param purgeInterval how often buffered events older than the window, and waits whose node no
 *     longer runs, are deleted
 */
@ConfigurationProperties("flowmesh.orchestrator.correlation")
public record CorrelationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("5m") Duration bufferWindow,
    @DefaultValue("1s") Duration checkInterval,
    @DefaultValue("1m") Duration purgeInterval) {}
