package io.flowmesh.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service trusts requests from the gateway.
 *
 * @param gatewayToken shared secret the gateway sends in {@code X-Flowmesh-Gateway-Token}; requests
 *     to {@code /api/**} without it are refused
 */
@ConfigurationProperties("flowmesh.edge")
public record EdgeProperties(String gatewayToken) {

  public EdgeProperties {
    if (gatewayToken == null || gatewayToken.isBlank()) {
      throw new IllegalArgumentException(
          "flowmesh.edge.gateway-token (FLOWMESH_EDGE_GATEWAY_TOKEN) must be set");
    }
  }
}
