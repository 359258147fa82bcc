package io.flowmesh.functions.connection;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach integration-service for credentials.
 *
 * @param integrationsUrl base URL of integration-service (FLOWMESH_FUNCTIONS_INTEGRATIONS_URL)
 * @param credentialsTimeout deadline of one credentials request
 * @param maxCacheTime longest time an answer is cached, whatever its cacheUntil says
 * @param cacheMargin an answer is dropped this long before its cacheUntil, so that a cached OAuth2
 *     token is not used right at its expiry
 */
@ConfigurationProperties("flowmesh.functions")
public record ConnectionProperties(
    @DefaultValue("http://127.0.0.1:8084") URI integrationsUrl,
    @DefaultValue("5s") Duration credentialsTimeout,
    @DefaultValue("10m") Duration maxCacheTime,
    @DefaultValue("30s") Duration cacheMargin) {}
