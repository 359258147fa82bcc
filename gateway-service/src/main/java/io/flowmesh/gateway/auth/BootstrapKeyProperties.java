package io.flowmesh.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one API key the gateway accepts before key management exists. Only its digest is configured,
 * never the key itself.
 *
 * @param sha256 SHA-256 digest of the key as 64 hexadecimal characters (e.g. {@code printf %s
 *     "$KEY" | sha256sum}); when unset, every {@code /api/v1} request is rejected
 * @param tenant the tenant that requests made with the key act for
 */
@ConfigurationProperties("flowmesh.gateway.bootstrap-key")
public record BootstrapKeyProperties(String sha256, String tenant) {}
