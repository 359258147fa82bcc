package io.flowmesh.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service trusts requests from the gateway.
 *
 * @param gatewayToken shared secret the gateway sends in {@code X-Flowmesh-Gateway-Token}; requests
 *     to the gateway paths without it are refused
 * @param gatewayPaths the path prefixes the gateway routes to this service, whose requests must
 *     carry the token and a tenant ({@code /api/} unless a service adds its own)
 */
@ConfigurationProperties("flowmesh.edge")
public record EdgeProperties(String gatewayToken, List<String> gatewayPaths) {

  public EdgeProperties {
    if (gatewayToken == null || gatewayToken.isBlank()) {
      throw new IllegalArgumentException(
          "flowmesh.edge.gateway-token (FLOWMESH_EDGE_GATEWAY_TOKEN) must be set");
    }
    gatewayPaths =
        gatewayPaths == null || gatewayPaths.isEmpty()
            ? List.of("/api/")
            : List.copyOf(gatewayPaths);
  }

  /** Whether the gateway routes this path here: its requests must come through the gateway. */
  public boolean isGatewayPath(String path) {
    return gatewayPaths.stream().anyMatch(path::startsWith);
  }
}
