package io.flowmesh.functions.connection;

import io.flowmesh.model.integration.RunCredentialAnswer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's credentials for one integration: {@code GET
 * {integrations-url}/internal/v1/runs/{runId}/credentials/{integration}}, cached per (tenant, run,
 * integration) as connections are. "None" is cached too (up to {@code max-cache-time}): a run's set
 * is stored before the run starts and never changes, so an answer stays true for the run's life.
 */
final class RunCredentials {

  /** As integration-service accepts them; anything else cannot name a stored entry. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private final ObjectReader answers;
  private final IntegrationServiceClient integrationService;
  private final CredentialCache<Optional<RunCredential>> cache;

  RunCredentials(
      JsonMapper json,
      IntegrationServiceClient integrationService,
      CredentialCache<Optional<RunCredential>> cache) {
    this.answers = IntegrationServiceClient.reader(json, RunCredentialAnswer.class);
    this.integrationService = integrationService;
    this.cache = cache;
  }

  Optional<RunCredential> find(String tenant, String runId, String integration) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      // a direct call belongs to no run, so to no run's credentials
      return Optional.empty();
    }
    if (integration == null || !NAME.matcher(integration).matches()) {
      return Optional.empty();
    }
    return cache.get(List.of(tenant, runId, integration), () -> fetch(tenant, runId, integration));
  }

  private CredentialCache.Fetched<Optional<RunCredential>> fetch(
      String tenant, String runId, String integration) {
    // Both parts match [A-Za-z0-9_.-]+, so they need no escaping in the path.
    HttpResponse<byte[]> response =
        integrationService.get(
            tenant,
            "/internal/v1/runs/" + runId + "/credentials/" + integration,
            why -> unavailable(integration, why));
    if (response.statusCode() == 404) {
      // no such entry: cached for as long as anything is, since a run's set never changes
      return new CredentialCache.Fetched<>(Optional.empty(), Instant.MAX);
    }
    if (response.statusCode() != 200) {
      throw unavailable(integration, "integration-service answered HTTP " + response.statusCode());
    }
    try {
      RunCredentialAnswer answer = answers.readValue(response.body());
      RunCredential credential =
          new RunCredential(integration, answer.secrets(), answer.httpHeaders());
      return new CredentialCache.Fetched<>(
          Optional.of(credential), integrationService.cacheUntil(answer.cacheUntil()));
    } catch (RuntimeException e) {
      // The body holds secrets: neither it nor the parser's message (which may quote it) is used.
      throw unavailable(integration, "integration-service sent an unreadable answer");
    }
  }

  private static ConnectionException unavailable(String integration, String why) {
    return new ConnectionException(
        ConnectionException.RUN_CREDENTIALS_UNAVAILABLE,
        "the run's credentials for '" + integration + "' could not be fetched: " + why,
        true);
  }
}
