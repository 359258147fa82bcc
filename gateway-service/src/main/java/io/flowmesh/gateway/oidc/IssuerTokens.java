package io.flowmesh.gateway.oidc;

import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.scopes.Scope;
import io.flowmesh.gateway.tenants.TenantIds;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * The tokens of one provider: verified by Spring Security's JWT decoder, which fetches the
 * provider's JWK set lazily, caches it and fetches it again when a token is signed with a key it
 * does not know (so the provider can rotate keys without the gateway being told), then mapped onto
 * a caller by the configured claims.
 */
final class IssuerTokens {

  private final OidcProperties.Issuer settings;
  private final NimbusReactiveJwtDecoder decoder;

  IssuerTokens(OidcProperties.Issuer settings) {
    this.settings = settings;
    this.decoder =
        settings.jwkSetUri() != null
            ? NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString()).build()
            : NimbusReactiveJwtDecoder.withIssuerLocation(issuer()).build();
    decoder.setJwtValidator(validator(settings));
  }

  String issuer() {
    return settings.issuerUri().toString();
  }

  Mono<ApiKeyOwner> decode(String token) {
    return decoder.decode(token).map(this::caller);
  }

  private ApiKeyOwner caller(Jwt jwt) {
    String tenant = settings.tenant() != null ? settings.tenant() : tenantClaim(jwt);
    String principal = jwt.getClaimAsString(settings.principalClaim());
    if (principal == null || principal.isBlank()) {
      throw new OidcAuthenticationException(
          "The access token has no '" + settings.principalClaim() + "' claim naming the caller.");
    }
    return new ApiKeyOwner(tenant, "oidc:" + principal, scopes(jwt));
  }

  private String tenantClaim(Jwt jwt) {
    String tenant = jwt.getClaimAsString(settings.tenantClaim());
    if (!TenantIds.isValid(tenant)) {
      throw new OidcAuthenticationException(
          "The access token's '"
              + settings.tenantClaim()
              + "' claim must name a tenant (1 to 63 letters, digits, '.', '_' or '-').");
    }
    return tenant;
  }

  /**
   * The Flowmesh scopes among the claim's values; others (a provider's {@code openid}, {@code
   * profile}) are ignored. A provider's token never carries {@code platform:admin}: that stays with
   * the bootstrap key and the platform tenant's API keys.
   */
  private Set<Scope> scopes(Jwt jwt) {
    Object claim = jwt.getClaims().get(settings.scopesClaim());
    Collection<?> names = List.of();
    if (claim instanceof String spaced) {
      names = Arrays.asList(spaced.trim().split("\\s+"));
    } else if (claim instanceof Collection<?> list) {
      names = list;
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    names.stream()
        .map(name -> Scope.fromWireName(String.valueOf(name)))
        .flatMap(Optional::stream)
        .filter(Scope.tenantScopes()::contains)
        .forEach(scopes::add);
    return scopes;
  }

  private static OAuth2TokenValidator<Jwt> validator(OidcProperties.Issuer settings) {
    OAuth2TokenValidator<Jwt> standard =
        JwtValidators.createDefaultWithIssuer(settings.issuerUri().toString());
    if (settings.audiences().isEmpty()) {
      return standard;
    }
    OAuth2TokenValidator<Jwt> audience =
        new JwtClaimValidator<List<String>>(
            JwtClaimNames.AUD,
            aud -> aud != null && aud.stream().anyMatch(settings.audiences()::contains));
    return new DelegatingOAuth2TokenValidator<>(standard, audience);
  }
}
