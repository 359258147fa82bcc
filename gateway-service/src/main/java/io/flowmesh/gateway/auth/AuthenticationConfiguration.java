package io.flowmesh.gateway.auth;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Wires API-key authentication. Every {@link ApiKeyRegistry} bean is asked, in {@link Order}: the
 * bootstrap key first (no database call), then the issued keys.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationConfiguration {

  @Bean
  @Order(0)
  ApiKeyRegistry bootstrapApiKeyRegistry(BootstrapKeyProperties properties) {
    return new BootstrapApiKeyRegistry(properties);
  }

  @Bean
  ApiKeyAuthenticationFilter apiKeyAuthenticationFilter(
      List<ApiKeyRegistry> registries,
      ObjectProvider<TokenAuthenticator> tokenAuthenticators,
      EdgeTokenProperties edge) {
    return new ApiKeyAuthenticationFilter(
        registries, tokenAuthenticators.orderedStream().toList(), edge);
  }
}
