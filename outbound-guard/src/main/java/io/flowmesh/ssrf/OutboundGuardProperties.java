package io.flowmesh.ssrf;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service keeps its operator's SSRF exceptions and how the guard names what it guards. A
 * service sets both in its own {@code application.yml}; operators set the exceptions under the
 * service's prefix, never here.
 *
 * @param settingsPrefix the prefix under which the operator's {@link SsrfProperties} ({@code
 *     allow-loopback}, {@code allowed-cidrs}) are read, e.g. {@code flowmesh.webhooks}; one per
 *     service so that an operator can open, say, loopback to HTTP functions only. Without it no
 *     guard is configured.
 * @param targets what the guarded URLs are, for the messages users see, e.g. {@code webhook
 *     endpoints}
 */
@ConfigurationProperties("flowmesh.outbound-guard")
record OutboundGuardProperties(
    String settingsPrefix, @DefaultValue("outbound URLs") String targets) {}
