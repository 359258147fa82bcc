package io.flowmesh.functions.connection;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.web.EdgeProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves a connection id to credentials: {@code GET
 * {integrations-url}/internal/v1/connections/{id}/credentials} with the execution's tenant and the
 * gateway token, cached per (tenant, connection) until integration-service's {@code cacheUntil}
 * (less a margin, at most {@code max-cache-time}). integration-service refreshes OAuth2 tokens and
 * shortens {@code cacheUntil} to their expiry, so a cached answer never carries an expired token.
 *
 * <p>The integration-service URL is operator configuration, not user input, so it is not passed
 * through the SSRF guard.
 */
@Component
public class ConnectionResolver implements DisposableBean {

  private static final int CACHE_LIMIT = 10_000;

  private final ConnectionProperties properties;
  private final String gatewayToken;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient client;
  private final Map<List<String>, Cached> cache = new ConcurrentHashMap<>();

  @Autowired
  ConnectionResolver(ConnectionProperties properties, EdgeProperties edge, JsonMapper json) {
    this(properties, edge.gatewayToken(), json, Clock.systemUTC());
  }

  ConnectionResolver(
      ConnectionProperties properties, String gatewayToken, JsonMapper json, Clock clock) {
    this.properties = properties;
    this.gatewayToken = gatewayToken;
    this.json = json;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.credentialsTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
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
    List<String> key = List.of(tenant, connectionId);
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.connection();
    }
    Fetched fetched = fetch(tenant, connectionId);
    Instant until = fetched.cacheUntil().minus(properties.cacheMargin());
    Instant latest = now.plus(properties.maxCacheTime());
    if (until.isAfter(latest)) {
      until = latest;
    }
    if (until.isAfter(now)) {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(key, new Cached(fetched.connection(), until));
    } else {
      cache.remove(key);
    }
    return fetched.connection();
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

  private Fetched fetch(String tenant, String connectionId) {
    URI uri =
        URI.create(
            properties.integrationsUrl().toString().replaceAll("/+$", "")
                + "/internal/v1/connections/"
                + URLEncoder.encode(connectionId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/credentials");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(properties.credentialsTimeout())
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(
          connectionId,
          "integration-service is unreachable (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(connectionId, "interrupted");
    }
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
      JsonNode body = json.readTree(response.body());
      Connection connection =
          new Connection(
              connectionId,
              body.path("type").asString(null),
              json.convertValue(body.path("settings"), MAP_OF_OBJECTS),
              json.convertValue(body.path("secrets"), MAP_OF_STRINGS),
              json.convertValue(body.path("httpHeaders"), MAP_OF_STRINGS));
      String until = body.path("cacheUntil").asString(null);
      return new Fetched(connection, until == null ? clock.instant() : Instant.parse(until));
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

  private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP_OF_OBJECTS =
      new tools.jackson.core.type.TypeReference<>() {};
  private static final tools.jackson.core.type.TypeReference<Map<String, String>> MAP_OF_STRINGS =
      new tools.jackson.core.type.TypeReference<>() {};

  @Override
  public void destroy() {
    client.shutdownNow();
  }

  private record Cached(Connection connection, Instant until) {}

  private record Fetched(Connection connection, Instant cacheUntil) {}
}
