package io.flowmesh.webhooks.ssrf;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which otherwise forbidden addresses webhook endpoints may use. By default only public unicast
 * addresses are allowed.
 *
 * @param allowLoopback allow loopback addresses (127.0.0.0/8, ::1), for local development and tests
 *     only; env {@code FLOWMESH_WEBHOOK_ALLOW_LOOPBACK}
 * @param allowedCidrs address ranges an operator explicitly allows although they are private,
 *     link-local or otherwise forbidden, e.g. {@code 10.20.0.0/16} for receivers inside the cluster
 */
@ConfigurationProperties("flowmesh.webhooks")
public record SsrfProperties(
    @DefaultValue("false") boolean allowLoopback, @DefaultValue List<String> allowedCidrs) {

  public SsrfProperties {
    allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
  }
}
