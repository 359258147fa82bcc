package io.flowmesh.gateway.openapi;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The merged OpenAPI document the gateway serves at {@code /v3/api-docs/flowmesh}.
 *
 * @param serverUrl the gateway's public URL, named as the document's server (set the same value on
 *     every service); default {@code /}: the host that served the document, i.e. this gateway
 * @param cacheTtl how long a merged document is served before the services are asked again; one
 *     that misses a service is kept at most 5 seconds
 * @param fetchTimeout how long to wait for one service's document before leaving it out
 */
@ConfigurationProperties("flowmesh.openapi")
record ApiReferenceProperties(URI serverUrl, Duration cacheTtl, Duration fetchTimeout) {

  ApiReferenceProperties {
    serverUrl = serverUrl == null || serverUrl.toString().isBlank() ? URI.create("/") : serverUrl;
    cacheTtl = cacheTtl == null ? Duration.ofSeconds(30) : cacheTtl;
    fetchTimeout = fetchTimeout == null ? Duration.ofSeconds(5) : fetchTimeout;
  }
}
