package io.flowmesh.integrations.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credential resolution for functions.
 *
 * @param cacheTtl how long a caller may cache credentials that do not expire by themselves
 * @param tokenExpiryMargin an OAuth2 token is used until this long before it expires, so a token
 *     handed out is still valid when the call that uses it arrives
 * @param tokenTimeout deadline of a token endpoint call
 */
@ConfigurationProperties("flowmesh.integrations.credentials")
public record CredentialsProperties(
    @DefaultValue("5m") Duration cacheTtl,
    @DefaultValue("60s") Duration tokenExpiryMargin,
    @DefaultValue("10s") Duration tokenTimeout) {}
