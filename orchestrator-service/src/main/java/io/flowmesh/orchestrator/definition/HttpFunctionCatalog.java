package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.InternalHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Asks the function runner's registry ({@code GET /api/v1/functions/{slug}}) with the gateway's
 * internal credentials, on behalf of the tenant saving a definition.
 */
@Component
class HttpFunctionCatalog implements FunctionCatalog {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final OrchestratorProperties properties;
  private final String gatewayToken;

  HttpFunctionCatalog(
      OrchestratorProperties properties,
      @org.springframework.beans.factory.annotation.Value("${flowmesh.edge.gateway-token}")
          String gatewayToken) {
    this.properties = properties;
    this.gatewayToken = gatewayToken;
  }

  @Override
  public boolean exists(String tenant, String slug) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(properties.functionRunnerUrl() + "/api/v1/functions/" + slug))
            .timeout(Duration.ofSeconds(5))
            .header(InternalHeaders.TENANT, tenant)
            .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
            .GET()
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        return true;
      }
      if (status == 404) {
        return false;
      }
      throw new FunctionCatalogUnavailableException(
          "The function registry answered " + status, null);
    } catch (java.io.IOException e) {
      throw new FunctionCatalogUnavailableException("The function registry is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FunctionCatalogUnavailableException("Interrupted", e);
    }
  }
}
