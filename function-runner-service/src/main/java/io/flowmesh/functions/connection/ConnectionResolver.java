package io.flowmesh.functions.connection;

import io.flowmesh.model.integration.ConnectionCredentials;
import io.flowmesh.web.EdgeProperties;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves a connection id to credentials: {@code GET
 * {integrations-url}/internal/v1/connections/{id}/credentials} with the execution's tenant and the
 * gateway token, answered as a {@link ConnectionCredentials}, cached per (tenant, connection) until
 * integration-service's {@code cacheUntil} (less a margin, at most {@code max-cache-time}).
 * integration-service refreshes OAuth2 tokens and shortens {@code cacheUntil} to their expiry, so a
 * cached answer never carries an expired token.
 *
 * <p>A run's own credentials ({@link #runCredential}) come from the same service and are cached the
 * same way.
 */
@Component
public class ConnectionResolver implements DisposableBean {

  private final ObjectReader answers;
  private final IntegrationServiceClient integrationService;
  private final CredentialCache<Connection> cache;
  private final RunCredentials runCredentials;

  @Autowired
  ConnectionResolver(ConnectionProperties properties, EdgeProperties edge, JsonMapper json) {
    this(properties, edge.gatewayToken(), json, Clock.systemUTC());
  }

  ConnectionResolver(
      ConnectionProperties properties, String gatewayToken, JsonMapper json, Clock clock) {
    this.answers = IntegrationServiceClient.reader(json, ConnectionCredentials.class);
    this.integrationService = new IntegrationServiceClient(properties, gatewayToken, clock);
    this.cache = new CredentialCache<>(properties, clock);
    this.runCredentials =
        new RunCredentials(json, integrationService, new CredentialCache<>(properties, clock));
  }

  /**
   * The connection's credentials.
   *
   * @throws ConnectionException if it does not exist for the tenant or cannot be fetched
   */
  public Connection resolve(String tenant, String connectionId) {
    if (connectionId == null || connectionId.isBlank() || connectionId.length() > 200) {
      throw new ConnectionException(
          ConnectionException.NOT_FOUND, "connectionId must be a connection's id", false);
    }
    return cache.get(List.of(tenant, connectionId), () -> fetch(tenant, connectionId));
  }

  /** Resolves and checks the connection's type. */
  public Connection resolve(String tenant, String connectionId, String expectedType) {
    Connection connection = resolve(tenant, connectionId);
    if (!expectedType.equals(connection.type())) {
      throw new ConnectionException(
          ConnectionException.WRONG_TYPE,
          "connection '"
              + connectionId
              + "' is of type "
              + connection.type()
              + ", this function needs "
              + expectedType,
          false);
    }
    return connection;
  }

  /**
   * The credentials the execution's run was started with for this integration ({@code
   * "integrations": {"<name>": {...}}} of the start request; ADR 0023), if it has them. A request
   * without a run (a direct call) has none.
   *
   * @throws ConnectionException ({@link ConnectionException#RUN_CREDENTIALS_UNAVAILABLE}) if
   *     integration-service cannot be asked
   */
  public Optional<RunCredential> runCredential(String tenant, String runId, String integration) {
    return runCredentials.find(tenant, runId, integration);
  }

  private CredentialCache.Fetched<Connection> fetch(String tenant, String connectionId) {
    HttpResponse<byte[]> response =
        integrationService.get(
            tenant,
            "/internal/v1/connections/"
                + URLEncoder.encode(connectionId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/credentials",
            why -> unavailable(connectionId, why));
    if (response.statusCode() == 404) {
      throw new ConnectionException(
          ConnectionException.NOT_FOUND,
          "connection '" + connectionId + "' does not exist for this tenant",
          false);
    }
    if (response.statusCode() != 200) {
      throw unavailable(connectionId, "integration-service answered HTTP " + response.statusCode());
    }
    try {
      ConnectionCredentials answer = answers.readValue(response.body());
      Connection connection =
          new Connection(
              connectionId,
              answer.type(),
              answer.settings(),
              answer.secrets(),
              answer.httpHeaders());
      return new CredentialCache.Fetched<>(
          connection, integrationService.cacheUntil(answer.cacheUntil()));
    } catch (RuntimeException e) {
      // The body holds secrets: neither it nor the parser's message (which may quote it) is used.
      throw unavailable(connectionId, "integration-service sent an unreadable answer");
    }
  }

  private static ConnectionException unavailable(String connectionId, String why) {
    return new ConnectionException(
        ConnectionException.UNAVAILABLE,
        "credentials of connection '" + connectionId + "' could not be fetched: " + why,
        true);
  }

  @Override
  public void destroy() {
    integrationService.close();
  }
}
