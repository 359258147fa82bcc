package io.flowmesh.integrations.credentials;

import io.flowmesh.integrations.connection.ConnectionNotFoundException;
import io.flowmesh.integrations.connection.ConnectionRepository;
import io.flowmesh.integrations.connection.ConnectionRow;
import io.flowmesh.integrations.connection.ConnectionSecrets;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.integration.ConnectionCredentials;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves a connection's credentials for a function execution: decrypts the secret, builds the
 * HTTP authentication header of the type (fetching and caching OAuth2 tokens) and audits who asked.
 */
@Service
class CredentialResolver {

  private static final TypeReference<Map<String, Object>> MAP_OF_OBJECTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> MAP_OF_STRINGS = new TypeReference<>() {};

  private final ConnectionRepository connections;
  private final ConnectionSecrets secrets;
  private final OAuth2TokenClient tokenClient;
  private final TokenCache tokens;
  private final CredentialsProperties properties;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock = Clock.systemUTC();

  CredentialResolver(
      ConnectionRepository connections,
      ConnectionSecrets secrets,
      OAuth2TokenClient tokenClient,
      TokenCache tokens,
      CredentialsProperties properties,
      JdbcClient jdbc,
      JsonMapper json) {
    this.connections = connections;
    this.secrets = secrets;
    this.tokenClient = tokenClient;
    this.tokens = tokens;
    this.properties = properties;
    this.jdbc = jdbc;
    this.json = json;
  }

  ConnectionCredentials resolve(String tenant, String connectionId, String caller) {
    ConnectionRow row =
        connections
            .findByTenantAndId(TenantId.of(tenant), connectionId)
            .filter(ConnectionRow::enabled)
            .orElse(null);
    if (row == null) {
      audit(tenant, connectionId, caller, "NOT_FOUND");
      throw new ConnectionNotFoundException(connectionId);
    }
    try {
      ObjectNode secretValues = secrets.open(row);
      Instant cacheUntil = clock.instant().plus(properties.cacheTtl());
      Map<String, String> headers = AuthHeaders.of(row.type(), row.settings(), secretValues);
      if ("oauth2-client-credentials".equals(row.type())) {
        AccessToken token =
            tokens.get(
                tenant,
                connectionId,
                row.version(),
                () -> tokenClient.fetch(row.settings(), secretValues));
        headers = Map.of("Authorization", "Bearer " + token.value());
        if (token.usableUntil().isBefore(cacheUntil)) {
          cacheUntil = token.usableUntil();
        }
      }
      audit(tenant, connectionId, caller, "RESOLVED");
      return new ConnectionCredentials(
          row.id(),
          row.type(),
          json.convertValue(row.settings(), MAP_OF_OBJECTS),
          json.convertValue(secretValues, MAP_OF_STRINGS),
          headers,
          cacheUntil.truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      audit(tenant, connectionId, caller, "FAILED");
      throw e;
    }
  }

  private void audit(String tenant, String connectionId, String caller, String outcome) {
    jdbc.sql(
            "INSERT INTO credential_resolutions (tenant, connection_id, caller, outcome)"
                + " VALUES (:tenant, :id, :caller, :outcome)")
        .param("tenant", tenant)
        .param("id", connectionId)
        .param("caller", caller)
        .param("outcome", outcome)
        .update();
  }
}
