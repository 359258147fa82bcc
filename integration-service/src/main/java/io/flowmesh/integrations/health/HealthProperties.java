package io.flowmesh.integrations.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduled connection health checks.
 *
 * @param enabled run scheduled checks (on-demand checks work either way)
 * @param interval time between two checks of one connection
 * @param pollInterval how often a replica looks for due checks
 * @param batchSize due checks one replica claims per poll
 * @param timeout deadline of one check (connect, token fetch, GET, SMTP dialogue)
 * @param historySize check results kept per connection
 */
@ConfigurationProperties("flowmesh.integrations.health")
public record HealthProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("5m") Duration interval,
    @DefaultValue("30s") Duration pollInterval,
    @DefaultValue("20") int batchSize,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("20") int historySize) {}
