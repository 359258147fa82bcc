package io.flowmesh.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayApplication;
import io.flowmesh.gateway.GatewayFixture;
import io.flowmesh.model.ProblemTypes;
import java.net.http.HttpResponse;
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
      // A rate so low that the bucket cannot refill during the test.
      "flowmesh.gateway.rate-limit.requests=2",
      "flowmesh.gateway.rate-limit.period=1h"
    })
class RateLimitIT {

  private static final String API_KEY = "fm_live_rate_limited";

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);

  @DynamicPropertySource
  static void keyAndService(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, API_KEY, "acme");
    GatewayFixture.serviceDown(registry, "orchestrator");
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

    HttpResponse<String> liveness = gateway.send(gateway.request("/actuator/health/liveness"));
    assertThat(liveness.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> call(String path) throws Exception {
    return gateway.send(gateway.authorized(path, API_KEY));
  }
}
