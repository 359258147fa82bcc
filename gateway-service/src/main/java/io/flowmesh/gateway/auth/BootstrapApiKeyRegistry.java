package io.flowmesh.gateway.auth;

import io.flowmesh.gateway.scopes.Scope;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;

/**
 * An {@link ApiKeyRegistry} holding the single key from {@link BootstrapKeyProperties}. It holds
 * every scope, so that a fresh installation can create its tenants and their keys with it.
 */
final class BootstrapApiKeyRegistry implements ApiKeyRegistry {

  /** The tenant becomes a header value, so it must not be able to smuggle in anything else. */
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final Logger log = LoggerFactory.getLogger(BootstrapApiKeyRegistry.class);

  private final Optional<ApiKeyHash> keyHash;
  private final Optional<ApiKeyOwner> owner;

  BootstrapApiKeyRegistry(BootstrapKeyProperties properties) {
    if (!StringUtils.hasText(properties.sha256())) {
      log.warn(
          "No bootstrap API key configured (flowmesh.gateway.bootstrap-key.sha256);"
              + " every /api/v1 request will be rejected");
      this.keyHash = Optional.empty();
      this.owner = Optional.empty();
      return;
    }
    String tenant = properties.tenant();
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.bootstrap-key.tenant must be 1-64 characters of [A-Za-z0-9._-]"
              + " when a bootstrap key is configured");
    }
    try {
      this.keyHash = Optional.of(ApiKeyHash.fromHex(properties.sha256().strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.bootstrap-key.sha256: " + e.getMessage(), e);
    }
    this.owner = Optional.of(new ApiKeyOwner(tenant, ApiKeyOwner.BOOTSTRAP_KEY_ID, Scope.all()));
    log.info("Bootstrap API key {} accepted for tenant {}", keyHash.get(), tenant);
  }

  @Override
  public Mono<ApiKeyOwner> findByHash(ApiKeyHash hash) {
    return Mono.justOrEmpty(keyHash.filter(hash::matches).flatMap(matched -> owner));
  }
}
