package io.flowmesh.webhooks.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator actions and queue meters.
 *
 * @param maxReplay the most deliveries one replay-dead-letters or recover request appends; a larger
 *     backlog takes several requests (each answers how many it appended)
 * @param gaugeRefresh how often the per-subscription queue depth and oldest-age gauges are
 *     recomputed from the database
 */
@ConfigurationProperties("flowmesh.webhooks.operations")
public record OperationsProperties(
    @DefaultValue("10000") int maxReplay, @DefaultValue("15s") Duration gaugeRefresh) {}
