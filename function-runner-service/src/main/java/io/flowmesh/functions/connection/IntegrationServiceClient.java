package io.flowmesh.functions.connection;

import io.flowmesh.model.InternalHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * GETs of integration-service's internal credential endpoints, with the tenant and the gateway
 * token. Its URL is operator configuration, not user input, so it is not passed through the SSRF
 * guard.
 */
final class IntegrationServiceClient {

  private final ConnectionProperties properties;
  private final String gatewayToken;
  private final Clock clock;
  private final HttpClient client;

  IntegrationServiceClient(ConnectionProperties properties, String gatewayToken, Clock clock) {
    this.properties = properties;
    this.gatewayToken = gatewayToken;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.credentialsTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * GETs {@code path} for the tenant.
   *
   * @param unavailable the exception to throw, given why integration-service could not answer
   */
  HttpResponse<byte[]> get(
      String tenant, String path, Function<String, ConnectionException> unavailable) {
    URI uri = URI.create(properties.integrationsUrl().toString().replaceAll("/+$", "") + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(properties.credentialsTimeout())
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable.apply(
          "integration-service is unreachable (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable.apply("interrupted");
    }
  }

  /**
   * Reads integration-service's answers as their common-model record. Fields it adds later are
   * ignored whatever the mapper's settings, so that it can be deployed first.
   */
  static ObjectReader reader(JsonMapper json, Class<?> answer) {
    return json.readerFor(answer).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** An answer's {@code cacheUntil}; now when it has none. */
  Instant cacheUntil(Instant until) {
    return until == null ? clock.instant() : until;
  }

  void close() {
    client.shutdownNow();
  }
}
