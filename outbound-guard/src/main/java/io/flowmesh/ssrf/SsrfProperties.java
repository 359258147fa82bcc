package io.flowmesh.ssrf;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which otherwise forbidden addresses outbound calls may use. By default only public unicast
 * addresses are allowed. Each service reads these under its own prefix (e.g. {@code
 * flowmesh.webhooks}, named by {@link OutboundGuardProperties#settingsPrefix()}), so an operator
 * can open, say, loopback to HTTP functions only.
 *
 * @param allowLoopback allow loopback addresses (127.0.0.0/8, ::1), for local development and tests
 *     only
 * @param allowedCidrs address ranges an operator explicitly allows although they are private,
 *     link-local or otherwise forbidden, e.g. {@code 10.20.0.0/16} for receivers inside the cluster
 */
public record SsrfProperties(
    @DefaultValue("false") boolean allowLoopback, @DefaultValue List<String> allowedCidrs) {

  public SsrfProperties {
    allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
  }
}
