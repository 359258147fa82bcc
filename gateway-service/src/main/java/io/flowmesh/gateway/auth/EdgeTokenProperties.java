package io.flowmesh.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The secret the gateway shares with the services behind it.
 *
 * @param gatewayToken value of {@code X-Flowmesh-Gateway-Token} on every authenticated request the
 *     gateway forwards; services trust {@code X-Flowmesh-Tenant} only when it is present and
 *     correct. Required: without it no service would accept a forwarded request.
 */
@Validated
@ConfigurationProperties("flowmesh.edge")
public record EdgeTokenProperties(@NotBlank String gatewayToken) {

  /** Keeps the secret out of logs and failure reports that print the bound properties. */
  @Override
  public String toString() {
    return "EdgeTokenProperties[gatewayToken=******]";
  }
}
