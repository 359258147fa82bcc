package io.flowmesh.integrations.credentials;

import io.flowmesh.integrations.outbound.OutboundHttp;
import io.flowmesh.integrations.outbound.OutboundHttp.CallFailedException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 section 4.4) against a connection's token
 * endpoint. Error messages carry the HTTP status and the OAuth {@code error} code, never the
 * response body (it might echo the client secret) or the request.
 */
@Component
public class OAuth2TokenClient {

  private final OutboundHttp http;
  private final JsonMapper json;
  private final CredentialsProperties properties;
  private final Clock clock;

  OAuth2TokenClient(OutboundHttp http, JsonMapper json, CredentialsProperties properties) {
    this.http = http;
    this.json = json;
    this.properties = properties;
    this.clock = Clock.systemUTC();
  }

  /** Fetches a token for a connection of type oauth2-client-credentials. */
  public AccessToken fetch(JsonNode settings, JsonNode secrets) {
    String clientId = settings.path("clientId").asString("");
    String clientSecret = secrets.path("clientSecret").asString("");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    List<String> scopes = new ArrayList<>();
    settings.path("scopes").forEach(scope -> scopes.add(scope.asString()));
    if (!scopes.isEmpty()) {
      form.put("scope", String.join(" ", scopes));
    }
    if (settings.hasNonNull("audience")) {
      form.put("audience", settings.get("audience").asString());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json");
    if ("client_secret_post".equals(settings.path("clientAuthentication").asString(""))) {
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
    } else {
      // RFC 6749 2.3.1: form-encode id and secret before joining them for Basic.
      String pair = formEncode(clientId) + ":" + formEncode(clientSecret);
      headers.put(
          "authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    Instant requestedAt = clock.instant();
    OutboundHttp.Response response;
    try {
      response =
          http.postForm(
              URI.create(settings.path("tokenUrl").asString("")),
              headers,
              encode(form),
              properties.tokenTimeout());
    } catch (CallFailedException | IllegalArgumentException e) {
      throw new TokenFetchException("token endpoint call failed: " + e.getMessage());
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (JacksonException e) {
      body = json.createObjectNode();
    }
    if (response.status() < 200 || response.status() >= 300) {
      String error = body.path("error").asString("");
      throw new TokenFetchException(
          "token endpoint answered HTTP "
              + response.status()
              + (error.matches("[A-Za-z0-9_.-]{1,64}") ? " (" + error + ")" : ""));
    }
    String token = body.path("access_token").asString("");
    if (token.isEmpty()) {
      throw new TokenFetchException("token endpoint answer has no access_token");
    }
    // Without expires_in (it is only RECOMMENDED) the token is treated as valid for the cache TTL.
    Duration lifetime =
        body.hasNonNull("expires_in") && body.get("expires_in").canConvertToLong()
            ? Duration.ofSeconds(body.get("expires_in").asLong())
            : properties.cacheTtl().plus(properties.tokenExpiryMargin());
    Duration usable = lifetime.minus(properties.tokenExpiryMargin());
    if (usable.isNegative()) {
      usable = Duration.ZERO;
    }
    return new AccessToken(token, requestedAt.plus(usable));
  }

  private static String encode(Map<String, String> form) {
    StringBuilder out = new StringBuilder();
    form.forEach(
        (name, value) -> {
          if (!out.isEmpty()) {
            out.append('&');
          }
          out.append(formEncode(name)).append('=').append(formEncode(value));
        });
    return out.toString();
  }

  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
