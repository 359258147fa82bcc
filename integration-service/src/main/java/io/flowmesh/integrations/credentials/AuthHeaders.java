package io.flowmesh.integrations.credentials;

import io.flowmesh.integrations.provider.Providers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The static authentication headers of the HTTP types and the providers' types (OAuth2 needs a
 * token fetch instead).
 */
public final class AuthHeaders {

  private AuthHeaders() {}

  public static Map<String, String> of(String type, JsonNode settings, JsonNode secrets) {
    return switch (type) {
      case "http-bearer" -> Map.of("Authorization", "Bearer " + text(secrets, "token"));
      case "http-basic" -> {
        String pair = settings.path("username").asString("") + ":" + text(secrets, "password");
        yield Map.of(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case "api-key-header" ->
          Map.of(
              settings.path("headerName").asString("X-API-Key"),
              settings.path("prefix").asString("") + text(secrets, "apiKey"));
      default -> Providers.of(type).map(p -> p.headersFor(secrets)).orElse(Map.of());
    };
  }

  private static String text(JsonNode secrets, String field) {
    return secrets.path(field).asString("");
  }
}
