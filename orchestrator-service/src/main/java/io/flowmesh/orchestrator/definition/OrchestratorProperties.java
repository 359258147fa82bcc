package io.flowmesh.orchestrator.definition;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Orchestrator settings.
 *
 * @param functionRunnerUrl base URL of the function runner, whose registry validates the functions
 *     a definition calls
 */
@ConfigurationProperties("flowmesh.orchestrator")
public record OrchestratorProperties(String functionRunnerUrl) {}
