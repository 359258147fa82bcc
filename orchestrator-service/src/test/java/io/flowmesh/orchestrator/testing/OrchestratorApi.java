package io.flowmesh.orchestrator.testing;

import io.flowmesh.model.InternalHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The orchestrator's HTTP API as the gateway calls it, for one tenant. */
public final class OrchestratorApi {

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String token;
  private final String tenant;

  public OrchestratorApi(int port, String token, String tenant) {
    this.baseUrl = "http://127.0.0.1:" + port;
    this.token = token;
    this.tenant = tenant;
  }

  public HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /** Saves a definition; fails unless it was accepted. */
  public void save(String definition) {
    HttpResponse<String> saved = post("/api/v1/workflow-definitions", definition);
    if (saved.statusCode() != 201) {
      throw new AssertionError("definition not saved: " + saved.statusCode() + " " + saved.body());
    }
  }

  /** Starts a run of a saved workflow and returns its id. */
  public String start(String workflowId, String input) {
    HttpResponse<String> started =
        post("/api/v1/runs", "{\"workflowId\":\"" + workflowId + "\",\"input\":" + input + "}");
    if (started.statusCode() != 202) {
      throw new AssertionError("run not started: " + started.statusCode() + " " + started.body());
    }
    return json.readTree(started.body()).get("runId").asString();
  }

  public JsonNode run(String runId) {
    return json.readTree(get("/api/v1/runs/" + runId).body());
  }

  public String status(String runId) {
    return run(runId).get("status").asString();
  }

  public JsonNode history(String runId) {
    return json.readTree(get("/api/v1/runs/" + runId + "/history").body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request
              .header(InternalHeaders.TENANT, tenant)
              .header(InternalHeaders.GATEWAY_TOKEN, token)
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
