package io.flowmesh.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request the gateway forwards.
 *
 * @param maxRequestSize the largest request body accepted; larger ones are answered with 413 before
 *     they reach a service, whether or not they declare a {@code Content-Length}
 * @param maxUriLength the longest request target (path and query, as sent) accepted; longer ones
 *     are answered with a 414 problem. Keep it well below {@code
 *     server.netty.max-initial-line-length}, beyond which the server itself answers 414, and below
 *     the 8 KB of request line and headers a service accepts
 */
@ConfigurationProperties("flowmesh.gateway")
public record RequestSizeProperties(
    @DefaultValue("1MB") DataSize maxRequestSize, @DefaultValue("4KB") DataSize maxUriLength) {}
