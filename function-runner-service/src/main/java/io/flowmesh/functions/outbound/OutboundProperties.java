package io.flowmesh.functions.outbound;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of outbound HTTP calls made by functions. The SSRF exceptions (allow-loopback,
 * allowed-cidrs) live under the same prefix, read by outbound-guard's auto-configuration ({@code
 * flowmesh.outbound-guard.settings-prefix} in application.yml).
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param maxResponseSize responses larger than this fail with RESPONSE_TOO_LARGE
 */
@ConfigurationProperties("flowmesh.functions.http")
public record OutboundProperties(
    @DefaultValue("5s") Duration connectTimeout, @DefaultValue("1MB") DataSize maxResponseSize) {}
