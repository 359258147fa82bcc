package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.auth.EdgeTokenProperties;
import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes a tenant from the whole platform: suspends it first (its keys are refused on every
 * replica within the status cache's time), asks every service behind the gateway ({@code
 * flowmesh.services.*-url}) to delete its data ({@code DELETE /internal/v1/tenants/{id}/data}, with
 * the service token), then deletes the gateway's own data of it and keeps the tenant as a deleted
 * tombstone. Every step can be repeated: when a service does not answer, the tenant stays suspended
 * with whatever was deleted, and the same request finishes the job later. Blocking.
 */
@Service
class TenantDeletion {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TenantService tenants;
  private final TenantStore store;
  private final TenantStatusCache status;
  private final Map<String, String> services;
  private final String serviceToken;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TenantDeletion(
      TenantService tenants,
      TenantStore store,
      TenantStatusCache status,
      Environment environment,
      EdgeTokenProperties edge,
      JsonMapper json,
      Clock clock) {
    this.tenants = tenants;
    this.store = store;
    this.status = status;
    this.services =
        new TreeMap<>(
            Binder.get(environment)
                .bind("flowmesh.services", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
    this.serviceToken = edge.gatewayToken();
    this.json = json;
    this.clock = clock;
  }

  /**
   * What a deletion deleted.
   *
   * @param tenant the tenant, now deleted
   * @param deleted rows deleted per service and table
   */
  record Deleted(Tenant tenant, Map<String, Map<String, Integer>> deleted) {}

  Deleted delete(String id) {
    tenants.suspend(id); // 404 for an unknown tenant, 409 for the platform tenant
    Map<String, Map<String, Integer>> deleted = new LinkedHashMap<>();
    for (Map.Entry<String, String> service : services.entrySet()) {
      String name = service.getKey().replaceFirst("-url$", "");
      deleted.put(name, purge(name, service.getValue(), id));
    }
    store.deleteData(id, clock.instant());
    status.forget(id);
    return new Deleted(tenants.get(id), deleted);
  }

  private Map<String, Integer> purge(String service, String baseUrl, String tenant) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(baseUrl + "/internal/v1/tenants/" + tenant + "/data"))
                  .timeout(TIMEOUT)
                  .header(InternalHeaders.GATEWAY_TOKEN, serviceToken)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw incomplete(tenant, service, "it did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw incomplete(tenant, service, "the gateway was interrupted");
    }
    if (response.statusCode() != 200) {
      throw incomplete(tenant, service, "it answered " + response.statusCode());
    }
    Map<String, Integer> rows = new LinkedHashMap<>();
    JsonNode counts = json.readTree(response.body()).path("deleted");
    counts.properties().forEach(table -> rows.put(table.getKey(), table.getValue().asInt()));
    return rows;
  }

  private static ErrorResponseException incomplete(String tenant, String service, String why) {
    return new ErrorResponseException(
        HttpStatus.SERVICE_UNAVAILABLE,
        Problems.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemTypes.UNAVAILABLE,
            "The tenant '"
                + tenant
                + "' is suspended but not yet deleted: "
                + service
                + " could not delete its data ("
                + why
                + "). Send the same DELETE again to finish."),
        null);
  }
}
