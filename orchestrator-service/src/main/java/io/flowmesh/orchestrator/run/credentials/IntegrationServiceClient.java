package io.flowmesh.orchestrator.run.credentials;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.web.EdgeProperties;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * integration-service's internal run-credentials API, with the service token and the tenant. The
 * URL is operator configuration, not user input. Bodies sent hold secrets and are never logged;
 * answers are read only for their status and, on a 400, the field names of the problem.
 */
@Component
class IntegrationServiceClient implements DisposableBean {

  private final RunCredentialsProperties properties;
  private final String gatewayToken;
  private final JsonMapper json;
  private final HttpClient client;

  IntegrationServiceClient(
      RunCredentialsProperties properties, EdgeProperties edge, JsonMapper json) {
    this.properties = properties;
    this.gatewayToken = edge.gatewayToken();
    this.json = json;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Stores the run's set, replacing any it had.
   *
   * @throws InvalidRequestException if integration-service refuses the set (fields under {@code
   *     integrations})
   * @throws RunCredentialsUnavailableException if it cannot be reached or fails
   */
  void store(TenantId tenant, RunId runId, Map<String, Object> integrations) {
    byte[] body = json.writeValueAsBytes(Map.of("integrations", integrations));
    HttpResponse<byte[]> response =
        send(
            tenant,
            request("/internal/v1/runs/" + runId + "/credentials")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
            "store the credentials of run " + runId);
    if (response.statusCode() == 400) {
      throw new InvalidRequestException(problems(response.body()));
    }
    expect(204, response, "store the credentials of run " + runId);
  }

  /** Deletes the run's set; succeeds whether it had one or not. */
  void delete(TenantId tenant, RunId runId) {
    String what = "delete the credentials of run " + runId;
    expect(
        204,
        send(tenant, request("/internal/v1/runs/" + runId + "/credentials").DELETE(), what),
        what);
  }

  /** Deletes the sets of these runs in one call. */
  void delete(TenantId tenant, Collection<RunId> runIds) {
    String what = "delete the credentials of " + runIds.size() + " runs";
    byte[] body =
        json.writeValueAsBytes(Map.of("runIds", runIds.stream().map(RunId::value).toList()));
    expect(
        200,
        send(
            tenant,
            request("/internal/v1/run-credentials/deletions")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            what),
        what);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(
            URI.create(properties.integrationsUrl().toString().replaceAll("/+$", "") + path))
        .timeout(properties.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  private HttpResponse<byte[]> send(TenantId tenant, HttpRequest.Builder request, String what) {
    try {
      return client.send(
          request
              .header(InternalHeaders.TENANT, tenant.value())
              .header(InternalHeaders.GATEWAY_TOKEN, gatewayToken)
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RunCredentialsUnavailableException(
          "Could not "
              + what
              + ": integration-service is unreachable ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunCredentialsUnavailableException("Could not " + what + ": interrupted");
    }
  }

  private static void expect(int status, HttpResponse<byte[]> response, String what) {
    if (response.statusCode() != status) {
      throw new RunCredentialsUnavailableException(
          "Could not " + what + ": integration-service answered HTTP " + response.statusCode());
    }
  }

  /** The field problems of integration-service's 400; its messages never quote a value. */
  private List<FieldProblem> problems(byte[] body) {
    List<FieldProblem> problems = new ArrayList<>();
    try {
      for (JsonNode error : json.readTree(body).path("errors")) {
        problems.add(
            new FieldProblem(
                error.path("field").asString("integrations"),
                error.path("message").asString("is invalid")));
      }
    } catch (RuntimeException e) {
      // an unreadable problem still means the set was refused
    }
    if (problems.isEmpty()) {
      problems.add(new FieldProblem("integrations", "is not a valid set of credentials"));
    }
    return problems;
  }

  @Override
  public void destroy() {
    client.shutdownNow();
  }
}
