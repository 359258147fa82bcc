package io.flowmesh.integrations.crypto;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The background job that rewraps data keys under the active master key after a rotation.
 *
 * @param enabled run the job on a schedule (the internal endpoint works either way)
 * @param initialDelay first run after startup, so a rotation takes effect with the next deploy
 * @param interval time between runs
 * @param batchSize rows rewrapped per transaction
 */
@ConfigurationProperties("flowmesh.integrations.re-encryption")
public record ReEncryptionProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("30s") Duration initialDelay,
    @DefaultValue("1h") Duration interval,
    @DefaultValue("100") int batchSize) {}
