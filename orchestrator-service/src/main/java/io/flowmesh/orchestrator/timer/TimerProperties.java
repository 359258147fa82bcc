package io.flowmesh.orchestrator.timer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Durable timer settings.
 *
 * @param enabled whether this instance fires due timers (every replica may; each timer fires once)
 * @param pollInterval the longest this instance waits before looking for due timers: it also wakes
 *     at the earliest due time it knows of, and at once when it commits an earlier timer, so this
 *     only bounds how late a timer another replica wrote is seen
 * @param batchSize the most timers fired in one transaction
 */
@ConfigurationProperties("flowmesh.orchestrator.timers")
public record TimerProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("100") int batchSize) {}
