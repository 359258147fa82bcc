package io.flowmesh.integrations.runcredentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-run credentials (ADR 0023).
 *
 * @param retention how long a stored set lives at most: the run's functions find it until then, the
 *     sweep deletes it after; a purge deletes it earlier
 * @param sweepInterval time between sweeps that delete expired sets and rewrap data keys still
 *     under an old master key
 * @param maxIntegrations most integrations one run may be started with
 * @param maxEntrySize largest credential object of one integration, as JSON
 */
@ConfigurationProperties("flowmesh.integrations.run-credentials")
public record RunCredentialsProperties(
    @DefaultValue("7d") Duration retention,
    @DefaultValue("10m") Duration sweepInterval,
    @DefaultValue("32") int maxIntegrations,
    @DefaultValue("16KB") DataSize maxEntrySize) {}
