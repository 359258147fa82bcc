package io.flowmesh.integrations.provider;

import java.net.URI;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where this deployment reaches the providers.
 *
 * @param baseUrls API root per provider type, replacing the provider's own (a proxy, a regional
 *     endpoint, a test server); keep it equal to function-runner's {@code
 *     flowmesh.functions.packs.base-urls} so the health check asks where the functions go
 */
@ConfigurationProperties("flowmesh.integrations.providers")
public record ProviderProperties(@DefaultValue Map<String, URI> baseUrls) {

  /** The base URL of a provider in this deployment. */
  public URI baseUrl(Provider provider) {
    return baseUrls.getOrDefault(provider.type(), provider.baseUrl());
  }
}
