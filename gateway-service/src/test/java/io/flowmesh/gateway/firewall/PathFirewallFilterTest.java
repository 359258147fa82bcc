package io.flowmesh.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

class PathFirewallFilterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/runs",
        "/api/v1/runs/",
        "/api/v1/runs/run_01J9Z8.v2-x",
        "/api/v1/workflow-definitions/wf-1/versions/3",
        "/api/v1/events/a%20b",
        "/actuator/health/liveness",
        "/v3/api-docs/orchestrator"
      })
  void forwardsOrdinaryPaths(String path) {
    assertThat(PathFirewallFilter.isSafe(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/runs/../../actuator/env",
        "/api/v1/runs/..",
        "/api/v1/runs/./x",
        "/api/v1/runs/%2e%2e/%2E%2E/actuator",
        "/api/v1/runs/.%2e/actuator",
        "/api/v1/runs/..;/..;/actuator",
        "/api/v1/runs;jsessionid=1",
        "/api/v1/runs/x%2F..%2F..",
        "/api/v1/runs/x%5c..",
        "/api/v1/runs/a\\..\\x",
        "/api/v1/runs//x",
        "/api/v1/runs/%252e%252e",
        "/api/v1/runs/%zz"
      })
  void refusesPathsAServiceCouldResolveElsewhere(String path) {
    assertThat(PathFirewallFilter.isSafe(path)).isFalse();
  }

  @Test
  void refusesAQueryParameterHoldingNulAndNamesIt() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.method(
                    HttpMethod.GET, URI.create("/api/v1/runs?status=done&businessKey=a%00b"))
                .build());

    assertThatThrownBy(() -> new PathFirewallFilter().filter(exchange, e -> Mono.empty()).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(400);
              assertThat(e.getBody().getDetail())
                  .isEqualTo(
                      "Query parameter 'businessKey' holds the NUL character (%00), which no"
                          + " Flowmesh value may contain.");
            });
  }

  @Test
  void forwardsOrdinaryQueryParameters() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.method(
                    HttpMethod.GET, URI.create("/api/v1/runs?status=done&businessKey=a%20b"))
                .build());

    assertThat(new PathFirewallFilter().filter(exchange, e -> Mono.empty()).block()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/runs?status=done",
        "/api/v1/runs/%C3%A9%F0%9F%99%82",
        "/api/v1/events?type=a%20b&subject=%E2%82%AC",
        "/api/v1/runs?q=café"
      })
  void forwardsPercentEncodedUtf8(String uri) {
    assertThat(PathFirewallFilter.isUtf8(uri)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status=%FF", "cursor=%ED%A0%80", "a=%C3", "a=%zz", "a=%2", "%FF%FE"})
  void refusesWhatIsNotPercentEncodedUtf8(String raw) {
    assertThat(PathFirewallFilter.isUtf8(raw)).isFalse();
  }

  @Test
  void answersAQueryStringThatIsNotUtf8WithAProblem() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/v1/runs?limit=%FF"))
                .build());

    assertThatThrownBy(() -> new PathFirewallFilter().filter(exchange, e -> Mono.empty()).block())
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> assertThat(e.getBody().getDetail()).contains("not percent-encoded UTF-8"));
  }
}
