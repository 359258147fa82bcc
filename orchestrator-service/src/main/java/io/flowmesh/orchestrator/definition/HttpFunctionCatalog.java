package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.function.FunctionSummary;
import io.flowmesh.web.EdgeProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the function runner's registry ({@code GET /api/v1/functions/{slug}}) with the gateway's
 * internal credentials, on behalf of the tenant saving a definition, and reads its answer as a
 * {@link FunctionSummary}.
 */
@Component
class HttpFunctionCatalog implements FunctionCatalog {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final OrchestratorProperties properties;
  private final String gatewayToken;
  private final ObjectReader answers;

  HttpFunctionCatalog(OrchestratorProperties properties, JsonMapper json, EdgeProperties edge) {
    this.properties = properties;
    this.gatewayToken = edge.gatewayToken();
    // The answer is the function's whole API view; only the summary's fields are read.
    this.answers =
        json.readerFor(FunctionSummary.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public boolean exists(TenantId tenant, String slug) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(properties.functionRunnerUrl() + "/api/v1/functions/" + slug))
            .timeout(Duration.ofSeconds(5))
            .header(InternalHeaders.TENANT, tenant.value())
            .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
            .GET()
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status == 200) {
        // A disabled function is registered but cannot run: a definition may not call it.
        FunctionSummary summary = answers.readValue(response.body());
        if (summary == null) {
          throw new FunctionCatalogUnavailableException(
              "The function registry sent an unreadable answer", null);
        }
        return !Boolean.FALSE.equals(summary.enabled());
      }
      if (status == 404) {
        return false;
      }
      throw new FunctionCatalogUnavailableException(
          "The function registry answered " + status, null);
    } catch (JacksonException e) {
      throw new FunctionCatalogUnavailableException(
          "The function registry sent an unreadable answer", null);
    } catch (java.io.IOException e) {
      throw new FunctionCatalogUnavailableException("The function registry is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FunctionCatalogUnavailableException("Interrupted", e);
    }
  }
}
