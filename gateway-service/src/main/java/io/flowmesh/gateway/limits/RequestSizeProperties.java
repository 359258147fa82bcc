package io.flowmesh.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request the gateway forwards.
 *
 * @param maxRequestSize the largest request body accepted; larger ones are answered with 413 before
 *     they reach a service, whether or not they declare a {@code Content-Length}
 */
@ConfigurationProperties("flowmesh.gateway")
public record RequestSizeProperties(@DefaultValue("1MB") DataSize maxRequestSize) {}
