package io.flowmesh.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayFixture;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console as a browser loads it from the gateway: the page without an API key, each of the
 * app's routes answered with the same page, its assets cached for good, and the headers that keep
 * injected markup from running.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsoleIT {

  private static final Pattern SCRIPT = Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"");

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, "fm_live_console_test_key", "acme");
    for (String service :
        new String[] {"orchestrator", "function-runner", "event", "integration", "webhook"}) {
      GatewayFixture.serviceDown(registry, service);
    }
  }

  @Test
  void thePageNeedsNoKeyAndCarriesAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = gateway.send(gateway.request("/console/"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<title>Flowmesh console</title>");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
                    .doesNotContain("unsafe-inline", "unsafe-eval"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.body()).as("no inline script").doesNotContainPattern("<script(?![^>]*src=)");
  }

  @Test
  void everyRouteOfTheAppIsAnsweredWithThePage() throws Exception {
    for (String route : new String[] {"/console", "/console/runs", "/console/runs/run_0123"}) {
      HttpResponse<String> page = gateway.send(gateway.request(route));

      assertThat(page.statusCode()).as(route).isEqualTo(200);
      assertThat(page.body()).as(route).contains("<title>Flowmesh console</title>");
    }
  }

  @Test
  void hashedAssetsAreCachedForAYearAndAMissingFileIsNotThePage() throws Exception {
    String index = gateway.send(gateway.request("/console/")).body();
    Matcher script = SCRIPT.matcher(index);
    assertThat(script.find()).as("index.html names its script").isTrue();

    HttpResponse<String> asset = gateway.send(gateway.request(script.group(1)));
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(asset.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(cache -> assertThat(cache).contains("max-age=31536000", "immutable"));
    assertThat(asset.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    HttpResponse<String> missing = gateway.send(gateway.request("/console/assets/missing.js"));
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void theApiStillWantsAKey() throws Exception {
    assertThat(gateway.send(gateway.request("/api/v1/runs")).statusCode()).isEqualTo(401);
  }
}
