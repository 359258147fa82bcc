package io.flowmesh.functions.pack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.functions.outbound.OutboundHttp;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The circuit breaker and the concurrency limit of a provider's pack functions, with the test
 * providers {@code flaky} (breaker opens after two failures) and {@code narrow} (one call at a
 * time, no waiting) of the operator's test packs (IntegrationTestBase).
 */
class ProviderGuardIT extends IntegrationTestBase {

  private static final String TENANT = "guard";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;
  @Autowired FunctionPacks packs;
  @Autowired ProviderGuard guard;
  @Autowired OutboundHttp http;

  private ExecutionDriver driver;

  @BeforeEach
  void setUp() {
    driver = new ExecutionDriver(outbox, transactions, json);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private double inFlight(String provider) {
    return meters
        .get("flowmesh.functions.packs.calls.in.flight")
        .tag("provider", provider)
        .gauge()
        .value();
  }

  @Test
  void repeatedProviderFailuresOpenItsBreakerAndLaterCallsFailRetryableWithoutReachingIt() {
    ENDPOINTS.stubFor(
        get(urlPathMatching("/flaky/things/.*")).willReturn(aResponse().withStatus(503)));
    ENDPOINTS.stubFor(get("/acme/quotes/guarded").willReturn(okJson("{\"price\": 1}")));

    FunctionFailed first = driver.failure(TENANT, "flaky/get-thing", Map.of("id", "1"));
    FunctionFailed second = driver.failure(TENANT, "flaky/get-thing", Map.of("id", "2"));
    FunctionFailed refused = driver.failure(TENANT, "flaky/get-thing", Map.of("id", "3"));

    assertThat(first.error().code()).isEqualTo("HTTP_503");
    assertThat(second.error().code()).isEqualTo("HTTP_503");
    assertThat(refused.error().code()).isEqualTo("CIRCUIT_OPEN");
    assertThat(refused.error().retryable()).isTrue();
    assertThat(refused.error().message())
        .isEqualTo(
            "'flaky/get-thing': The circuit breaker of flaky is open: at least 50% of its recent"
                + " calls failed; calls resume after a pause of 3600 s");
    ENDPOINTS.verify(0, getRequestedFor(urlPathEqualTo("/flaky/things/3")));
    assertThat(
            meters
                .get("flowmesh.functions.packs.circuit.open")
                .tag("provider", "flaky")
                .gauge()
                .value())
        .isEqualTo(1);
    // Another provider's functions are not affected.
    assertThat(
            driver.output(TENANT, "acme/get-quote", Map.of("sku", "guarded")).path("price").asInt())
        .isEqualTo(1);
  }

  /**
   * The guard itself, called from two threads: which poll a request arrives in is Kafka's choice,
   * so the second call is made only once the first is seen holding narrow's one slot.
   */
  @Test
  void aCallBeyondTheProvidersConcurrencyLimitIsRefusedRetryableWhileTheOneInFlightCompletes()
      throws Exception {
    ENDPOINTS.stubFor(
        get("/narrow/things/slow").willReturn(okJson("{\"id\": \"slow\"}").withFixedDelay(2_000)));
    PackedFunction narrow = packs.function("narrow/get-thing").orElseThrow();
    try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<OutboundHttp.Response> slow =
          thread.submit(() -> guard.send(narrow, http, requestOf(narrow, "slow")));
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> inFlight("narrow") == 1);

      ProviderGuard.Refused refused = null;
      try {
        guard.send(narrow, http, requestOf(narrow, "fast"));
      } catch (ProviderGuard.Refused e) {
        refused = e;
      }

      assertThat(refused).isNotNull();
      assertThat(refused.code()).isEqualTo("CONCURRENCY_LIMIT");
      assertThat(refused.getMessage())
          .isEqualTo(
              "narrow already has its maximum of 1 calls in flight and no slot became free within"
                  + " 0 s");
      assertThat(slow.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    ENDPOINTS.verify(0, getRequestedFor(urlPathEqualTo("/narrow/things/fast")));
    assertThat(inFlight("narrow")).isZero();
  }

  private static OutboundHttp.Request requestOf(PackedFunction function, String id) {
    return new OutboundHttp.Request(
        "GET", function.baseUrl() + "/things/" + id, Map.of(), null, Duration.ofSeconds(30));
  }
}
