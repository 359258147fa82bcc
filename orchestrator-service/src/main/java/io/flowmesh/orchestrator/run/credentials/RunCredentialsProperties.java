package io.flowmesh.orchestrator.run.credentials;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a run's credentials (the Workflow Builder's {@code integrations}) are kept: integration-
 * service's internal API (ADR 0023).
 *
 * @param integrationsUrl base URL of integration-service (FLOWMESH_SERVICES_INTEGRATION_URL)
 * @param connectTimeout deadline to open a connection to it
 * @param timeout deadline of one call; a start or purge that needs the call fails with 503 after it
 */
@ConfigurationProperties("flowmesh.orchestrator.run-credentials")
public record RunCredentialsProperties(
    @DefaultValue("http://127.0.0.1:8084") URI integrationsUrl,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("5s") Duration timeout) {}
