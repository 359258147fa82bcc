package io.flowmesh.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.IntSupplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the gateway's integration tests share: the settings of a gateway under test (one bootstrap
 * API key, the gateway token, no trace export), the services behind it ({@link StubService}s or
 * ports nothing listens on), and requests to it on its random port.
 */
public final class GatewayFixture {

  /** The token the gateway adds to what it forwards. */
  public static final String GATEWAY_TOKEN = "edge-secret-for-tests";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final IntSupplier port;

  /**
   * @param port the gateway's port, read per request: Spring sets a test's {@code @LocalServerPort}
   *     field after the test instance (and so this fixture) was made
   */
  public GatewayFixture(IntSupplier port) {
    this.port = port;
  }

  /** A gateway whose only API key is {@code apiKey}, a key of {@code tenant}. */
  public static void gateway(DynamicPropertyRegistry registry, String apiKey, String tenant) {
    registry.add("flowmesh.gateway.bootstrap-key.sha256", () -> sha256Hex(apiKey));
    registry.add("flowmesh.gateway.bootstrap-key.tenant", () -> tenant);
    registry.add("flowmesh.edge.gateway-token", () -> GATEWAY_TOKEN);
    registry.add("management.tracing.export.enabled", () -> "false");
  }

  /** Routes a service, e.g. {@code orchestrator}, to a stub. */
  static void service(DynamicPropertyRegistry registry, String service, StubService stub) {
    registry.add(urlProperty(service), stub::baseUrl);
  }

  /** Routes a service to a port nothing listens on: a service that is down. */
  public static void serviceDown(DynamicPropertyRegistry registry, String service) {
    registry.add(urlProperty(service), () -> "http://127.0.0.1:" + StubService.closedPort());
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port.getAsInt() + pathAndQuery);
  }

  /** A request to the gateway, without an API key. */
  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
  }

  /** A request to the gateway with an API key. */
  public HttpRequest.Builder authorized(String pathAndQuery, String apiKey) {
    return request(pathAndQuery).header("Authorization", "Bearer " + apiKey);
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  private static String urlProperty(String service) {
    return "flowmesh.services." + service + "-url";
  }

  private static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
