package io.flowmesh.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay settings.
 *
 * @param relayEnabled whether this instance runs a relay (at most one relays at a time per database
 *     schema, whatever this says)
 * @param source CloudEvents {@code source} of the messages this service publishes; defaults to
 *     {@code /flowmesh/<spring.application.name>}; default {@code
 *     /flowmesh/<spring.application.name>}
 * @param batchSize the most rows published per relay transaction
 * @param pollInterval how often the relay looks for rows when no commit woke it, e.g. rows of
 *     another replica
 * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch
 */
@ConfigurationProperties("flowmesh.outbox")
public record OutboxProperties(
    @DefaultValue("true") boolean relayEnabled,
    String source,
    @DefaultValue("1000") int batchSize,
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("30s") Duration sendTimeout) {

  /**
   * These settings with the default source filled in. ({@code @DefaultValue} does not resolve
   * placeholders, so {@code /flowmesh/${spring.application.name}} cannot be a default there.)
   */
  OutboxProperties withDefaultSource(String applicationName) {
    if (source != null && !source.isBlank()) {
      return this;
    }
    String name =
        applicationName == null || applicationName.isBlank() ? "service" : applicationName;
    return new OutboxProperties(
        relayEnabled, "/flowmesh/" + name, batchSize, pollInterval, sendTimeout);
  }
}
