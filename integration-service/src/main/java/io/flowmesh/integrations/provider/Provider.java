package io.flowmesh.integrations.provider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A provider's connection type: how its one secret is sent and which cheap endpoint shows that the
 * secret still works. The type's JSON Schemas live with the other integration types (migration V4);
 * {@code ProvidersTest} keeps the two in step.
 *
 * @param type the integration type, also the connection type the provider's function pack names
 * @param baseUrl the provider's API root, replaced per deployment by {@code
 *     flowmesh.integrations.providers.base-urls.<type>}
 * @param secretField the secret field holding the credential
 * @param authHeader the header the credential goes in
 * @param authPrefix what precedes the credential in that header, e.g. {@code "Bearer "}
 * @param headers further headers every request to the provider needs
 * @param probe the health check's request, or null when the provider has no free endpoint
 */
public record Provider(
    String type,
    URI baseUrl,
    String secretField,
    String authHeader,
    String authPrefix,
    Map<String, String> headers,
    Probe probe) {

  /**
   * The health check's request.
   *
   * @param method GET, or POST with a JSON body
   * @param path appended to the base URL, with any query
   * @param jsonBody the POST body, or null
   */
  public record Probe(String method, String path, String jsonBody) {

    static Probe get(String path) {
      return new Probe("GET", path, null);
    }

    static Probe post(String path, String jsonBody) {
      return new Probe("POST", path, jsonBody);
    }
  }

  /** The headers a request with these secrets carries: the credential and the fixed headers. */
  public Map<String, String> headersFor(JsonNode secrets) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(authHeader, authPrefix + secrets.path(secretField).asString(""));
    return all;
  }
}
