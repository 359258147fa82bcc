package io.flowmesh.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayApplication;
import io.flowmesh.model.ProblemTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A tenant over its rate is answered 429 before anything is forwarded; probes are never limited.
 */
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "flowmesh.edge.gateway-token=edge-secret-for-tests",
      "flowmesh.gateway.bootstrap-key.tenant=acme",
      // A rate so low that the bucket cannot refill during the test.
      "flowmesh.gateway.rate-limit.requests=2",
      "flowmesh.gateway.rate-limit.period=1h",
      "management.tracing.export.enabled=false"
    })
class RateLimitIT {

  private static final String API_KEY = "fm_live_rate_limited";

  @LocalServerPort int port;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @DynamicPropertySource
  static void keyAndService(DynamicPropertyRegistry registry) throws Exception {
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(API_KEY.getBytes(StandardCharsets.UTF_8)));
    registry.add("flowmesh.gateway.bootstrap-key.sha256", () -> sha256);
    String nothingListens = "http://127.0.0.1:" + closedPort();
    registry.add("flowmesh.services.orchestrator-url", () -> nothingListens);
  }

  @Test
  void tenantOverItsBurstGetsTooManyRequestsProblemWithRetryAfter() throws Exception {
    // No service listens behind the gateway: 503 means the request passed the limit.
    assertThat(call("/api/v1/runs").statusCode()).isEqualTo(503);
    assertThat(call("/api/v1/runs").statusCode()).isEqualTo(503);

    HttpResponse<String> limited = call("/api/v1/runs");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(limited.body()).contains(ProblemTypes.RATE_LIMITED.toString());
    // The next of 2 tokens per hour comes back in 30 minutes.
    assertThat(limited.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1700L, 1800L));

    HttpResponse<String> liveness =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/actuator/health/liveness")).build(),
            BodyHandlers.ofString());
    assertThat(liveness.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> call(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + API_KEY)
            .build(),
        BodyHandlers.ofString());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }
}
