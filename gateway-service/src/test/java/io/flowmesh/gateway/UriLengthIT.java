package io.flowmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.InternalHeaders;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long request targets against the gateway's own limits as configured (4 KB of path and query, a 64
 * KB request line for the server): a 414 with a problem either way, nothing forwarded.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UriLengthIT {

  private static final String API_KEY = "fm_live_3b1f0c9e7a5d4e2f";
  private static final String RUNS = "/api/v1/runs/";
  private static final String TYPE = "https://flowmesh.io/problems/uri-too-long";

  private static final StubService orchestrator = StubService.start();
  private static final JsonMapper json = JsonMapper.builder().build();

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, API_KEY, "acme");
    GatewayFixture.service(registry, "orchestrator", orchestrator);
  }

  @AfterAll
  static void stopStub() {
    orchestrator.close();
  }

  @BeforeEach
  void forgetEarlierRequests() {
    orchestrator.clear();
  }

  @Test
  void aPathAndQueryAtTheLimitAreForwarded() throws Exception {
    String query = "?q=" + "b".repeat(1_000);
    String target = RUNS + "a".repeat(4_096 - RUNS.length() - query.length()) + query;

    HttpResponse<String> response = send(target, true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(orchestrator.nextReceived().pathAndQuery()).hasSize(4_096);
  }

  @Test
  void aPathAndQueryOverTheLimitAreRefusedWithAProblemAndTheRequestId() throws Exception {
    String target = RUNS + "a".repeat(4_097 - RUNS.length());

    HttpResponse<String> response = send(target, true);

    JsonNode problem = assertUriTooLong(response);
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "The request's path and query are 4097 characters long; the gateway accepts at most"
                + " 4096 (flowmesh.gateway.max-uri-length).");
    assertThat(response.headers().firstValue(InternalHeaders.REQUEST_ID)).isPresent();
    assertThat(orchestrator.nextReceived()).isNull();
  }

  @Test
  void aLongPathIsRefusedBeforeTheCallerIsAuthenticated() throws Exception {
    HttpResponse<String> response = send(RUNS + "a".repeat(10_000), false);

    assertUriTooLong(response);
  }

  @Test
  void aRequestLineLongerThanTheServerReadsIsRefusedWithAProblemToo() throws Exception {
    HttpResponse<String> response = send(RUNS + "a".repeat(70_000), true);

    JsonNode problem = assertUriTooLong(response);
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "The request line is longer than the 65536 bytes the gateway reads"
                + " (server.netty.max-initial-line-length).");
    assertThat(orchestrator.nextReceived()).isNull();
  }

  private HttpResponse<String> send(String target, boolean authorized)
      throws IOException, InterruptedException {
    return gateway.send(authorized ? gateway.authorized(target, API_KEY) : gateway.request(target));
  }

  private static JsonNode assertUriTooLong(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(414);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            contentType -> assertThat(contentType).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asString()).isEqualTo(TYPE);
    assertThat(problem.get("title").asString()).isEqualTo("URI Too Long");
    assertThat(problem.get("status").asInt()).isEqualTo(414);
    return problem;
  }
}
