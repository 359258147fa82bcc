package io.flowmesh.gateway.oidc;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OpenID Connect providers whose JWT access tokens the gateway accepts beside API keys. None by
 * default: a gateway without issuers accepts API keys only.
 *
 * @param issuers the providers, told apart by the {@code iss} claim of each token
 */
@ConfigurationProperties("flowmesh.gateway.oidc")
public record OidcProperties(@DefaultValue List<Issuer> issuers) {

  public OidcProperties {
    issuers = List.copyOf(issuers);
  }

  /**
   * One provider and how its tokens map onto Flowmesh's callers.
   *
   * @param issuerUri the provider's issuer identifier, exactly as tokens carry it in {@code iss};
   *     its signing keys are discovered from {@code /.well-known/openid-configuration} on first use
   * @param jwkSetUri where the signing keys are, when discovery is not wanted
   * @param audiences a token must name at least one of these in {@code aud}; empty accepts any
   *     audience (only sensible for a provider that issues tokens for Flowmesh alone)
   * @param tenant every token of this provider acts for this tenant (a company's own provider);
   *     when unset the tenant is read from {@code tenantClaim}
   * @param tenantClaim the claim naming the tenant when {@code tenant} is unset
   * @param scopesClaim the claim listing the caller's Flowmesh scopes, as a space-separated string
   *     ({@code scope}, RFC 8693 section 4.2) or a list ({@code scp}, {@code roles})
   * @param principalClaim the claim naming who calls, for the audit log and rate limits
   */
  public record Issuer(
      URI issuerUri,
      URI jwkSetUri,
      @DefaultValue List<String> audiences,
      String tenant,
      @DefaultValue("flowmesh_tenant") String tenantClaim,
      @DefaultValue("scope") String scopesClaim,
      @DefaultValue("sub") String principalClaim) {

    public Issuer {
      Objects.requireNonNull(issuerUri, "flowmesh.gateway.oidc.issuers[].issuer-uri is required");
      audiences = List.copyOf(audiences);
    }
  }
}
