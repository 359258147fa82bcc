package io.flowmesh.gateway.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires API-key authentication; replace the {@link ApiKeyRegistry} bean to change key storage. */
@Configuration(proxyBeanMethods = false)
class AuthenticationConfiguration {

  @Bean
  ApiKeyRegistry bootstrapApiKeyRegistry(BootstrapKeyProperties properties) {
    return new BootstrapApiKeyRegistry(properties);
  }

  @Bean
  ApiKeyAuthenticationFilter apiKeyAuthenticationFilter(
      ApiKeyRegistry registry, EdgeTokenProperties edge) {
    return new ApiKeyAuthenticationFilter(registry, edge);
  }
}
