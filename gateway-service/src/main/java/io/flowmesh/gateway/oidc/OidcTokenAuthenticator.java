package io.flowmesh.gateway.oidc;

import com.nimbusds.jwt.JWTParser;
import io.flowmesh.gateway.auth.ApiKeyOwner;
import io.flowmesh.gateway.auth.TokenAuthenticator;
import java.text.ParseException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import reactor.core.publisher.Mono;

/**
 * Accepts the JWT access tokens of the configured OpenID Connect providers. A token is routed to
 * its provider by its {@code iss} claim, read before the signature is checked only to choose which
 * provider's keys check it; the provider's {@link IssuerTokens} then verifies signature, issuer,
 * expiry and audience, and maps the claims onto a caller.
 */
final class OidcTokenAuthenticator implements TokenAuthenticator {

  private final Map<String, IssuerTokens> byIssuer;

  OidcTokenAuthenticator(OidcProperties properties) {
    this.byIssuer =
        properties.issuers().stream()
            .map(IssuerTokens::new)
            .collect(Collectors.toUnmodifiableMap(IssuerTokens::issuer, Function.identity()));
  }

  /**
   * A JWT: three dot-separated parts whose first two are base64url JSON. Issued API keys never
   * contain a dot; a bootstrap key an operator chose might, and is still looked up as a key unless
   * it parses as a JWT.
   */
  @Override
  public boolean accepts(String token) {
    if (byIssuer.isEmpty() || token.chars().filter(c -> c == '.').count() != 2) {
      return false;
    }
    try {
      JWTParser.parse(token);
      return true;
    } catch (ParseException e) {
      return false;
    }
  }

  @Override
  public Mono<ApiKeyOwner> authenticate(String token) {
    String issuer;
    try {
      issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      return Mono.error(new OidcAuthenticationException("The access token's claims are not JSON."));
    }
    IssuerTokens tokens = issuer == null ? null : byIssuer.get(issuer);
    if (tokens == null) {
      return Mono.error(
          new OidcAuthenticationException(
              "Tokens of issuer '" + issuer + "' are not accepted by this gateway."));
    }
    return tokens.decode(token).onErrorMap(JwtException.class, OidcTokenAuthenticator::refusal);
  }

  private static Throwable refusal(JwtException e) {
    if (e instanceof JwtValidationException invalid) {
      return new OidcAuthenticationException(
          "The access token is not valid: "
              + invalid.getErrors().stream()
                  .map(error -> error.getDescription())
                  .collect(Collectors.joining("; ")));
    }
    if (e instanceof BadJwtException) {
      return new OidcAuthenticationException("The access token is not valid: " + e.getMessage());
    }
    // Not the token's fault: the provider's keys could not be fetched.
    return new IdentityProviderUnavailableException(e);
  }
}
