package io.flowmesh.gateway.oidc;

import io.flowmesh.gateway.auth.TokenAuthenticator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the acceptance of OpenID Connect access tokens; it accepts none without issuers. */
@Configuration(proxyBeanMethods = false)
class OidcConfiguration {

  @Bean
  TokenAuthenticator oidcTokenAuthenticator(OidcProperties properties) {
    return new OidcTokenAuthenticator(properties);
  }
}
