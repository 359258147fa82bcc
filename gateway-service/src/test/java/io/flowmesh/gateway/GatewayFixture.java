package io.flowmesh.gateway;

import io.flowmesh.testinfra.TestInfrastructure;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the gateway's integration tests share: the settings of a gateway under test (one bootstrap
 * API key, the gateway token, a database of its own on the shared test PostgreSQL, no trace
 * export), the services behind it ({@link StubService}s or ports nothing listens on), and requests
 * to it on its random port. {@link #start} runs more gateways in one test, e.g. two replicas on one
 * database.
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

  /**
   * A gateway on a fresh database whose bootstrap API key is {@code apiKey}, a key of {@code
   * tenant}.
   */
  public static void gateway(DynamicPropertyRegistry registry, String apiKey, String tenant) {
    settings(TestInfrastructure.newDatabase("gateway"), apiKey, tenant)
        .forEach((name, value) -> registry.add(name, () -> value));
  }

  /** The settings of a gateway on the given database, as {@link #start} takes them. */
  public static Map<String, Object> settings(String databaseUrl, String apiKey, String tenant) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("spring.datasource.url", databaseUrl);
    settings.put("spring.datasource.username", TestInfrastructure.postgres().username());
    settings.put("spring.datasource.password", TestInfrastructure.postgres().password());
    settings.put("flowmesh.gateway.bootstrap-key.sha256", sha256Hex(apiKey));
    settings.put("flowmesh.gateway.bootstrap-key.tenant", tenant);
    settings.put("flowmesh.edge.gateway-token", GATEWAY_TOKEN);
    settings.put("management.tracing.export.enabled", "false");
    return settings;
  }

  /** Starts a gateway on a random port with these settings; close it at the end of the test. */
  public static ConfigurableApplicationContext start(Map<String, Object> settings) {
    // As command-line arguments: they win over application.yml, as test properties do.
    Stream<String> arguments =
        Stream.concat(
            settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
            Stream.of("--server.port=0"));
    return new SpringApplicationBuilder(GatewayApplication.class)
        .web(WebApplicationType.REACTIVE)
        .run(arguments.toArray(String[]::new));
  }

  /** The port a gateway started by {@link #start} listens on. */
  public static int port(ConfigurableApplicationContext gateway) {
    return ((WebServerApplicationContext) gateway).getWebServer().getPort();
  }

  /** Routes a service, e.g. {@code orchestrator}, to a stub. */
  public static void service(DynamicPropertyRegistry registry, String service, StubService stub) {
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

  /** A JSON POST to the gateway with an API key. */
  public HttpResponse<String> postJson(String path, String apiKey, String json)
      throws IOException, InterruptedException {
    return send(
        authorized(path, apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A GET to the gateway with an API key. */
  public HttpResponse<String> get(String path, String apiKey)
      throws IOException, InterruptedException {
    return send(authorized(path, apiKey).GET());
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
