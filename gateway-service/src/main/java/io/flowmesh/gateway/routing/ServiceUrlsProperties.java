package io.flowmesh.gateway.routing;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services behind the gateway listen. The routes in {@code application.yml} refer to
 * these properties; binding them here documents them and stops the gateway from starting with a
 * missing or malformed address.
 *
 * @param orchestratorUrl base URL of orchestrator-service (workflow definitions, runs)
 * @param functionRunnerUrl base URL of function-runner-service (functions)
 * @param eventUrl base URL of event-service (events, event types)
 * @param integrationUrl base URL of integration-service (integration types, connections)
 * @param webhookUrl base URL of webhook-service (webhook subscriptions and deliveries)
 */
@Validated
@ConfigurationProperties("flowmesh.services")
public record ServiceUrlsProperties(
    @NotNull URI orchestratorUrl,
    @NotNull URI functionRunnerUrl,
    @NotNull URI eventUrl,
    @NotNull URI integrationUrl,
    @NotNull URI webhookUrl) {}
