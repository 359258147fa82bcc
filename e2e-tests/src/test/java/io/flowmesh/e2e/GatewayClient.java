package io.flowmesh.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Requests to the platform's gateway with its API key, as an external system sends them. */
final class GatewayClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final String gatewayUrl;
  private final String apiKey;

  GatewayClient(String gatewayUrl, String apiKey) {
    this.gatewayUrl = gatewayUrl;
    this.apiKey = apiKey;
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send(
        request(path)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> postAs(String path, String contentType, String body) throws Exception {
    return send(
        request(path)
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(request(path).DELETE());
  }

  /** The JSON body of a GET. */
  JsonNode getJson(String path) throws Exception {
    return json.readTree(get(path).body());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(gatewayUrl + path))
        .header("Authorization", "Bearer " + apiKey);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
