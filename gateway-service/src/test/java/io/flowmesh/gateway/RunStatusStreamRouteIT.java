package io.flowmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The run status stream through the gateway: each event reaches the client as the orchestrator
 * writes it (nothing is held back until the stream ends), and a stream that stays quiet longer than
 * the gateway's response timeout (1 s here) is not cut.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RunStatusStreamRouteIT {

  private static final String API_KEY = "fm_live_5a1c7e9b3d2f4a6c";
  private static final String STREAM = "/api/v1/runs/status-changes";
  private static final CountDownLatch SECOND_EVENT = new CountDownLatch(1);
  private static final HttpServer ORCHESTRATOR = orchestrator();

  @LocalServerPort int port;

  private final GatewayFixture gateway = new GatewayFixture(() -> port);

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, API_KEY, "acme");
    registry.add(
        "flowmesh.services.orchestrator-url",
        () -> "http://127.0.0.1:" + ORCHESTRATOR.getAddress().getPort());
    registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "1s");
  }

  @AfterAll
  static void stopOrchestrator() {
    SECOND_EVENT.countDown();
    ORCHESTRATOR.stop(0);
  }

  @Test
  void eventsPassAsTheyAreWrittenAndAQuietStreamOutlivesTheResponseTimeout() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    AtomicBoolean ended = new AtomicBoolean();
    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                gateway.authorized(STREAM, API_KEY).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Thread.ofVirtual()
        .start(
            () -> {
              try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
              } finally {
                ended.set(true);
              }
            });

    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("data:{\"n\":1}"));
    // Quiet for twice the response timeout: still open.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !ended.get());
    SECOND_EVENT.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("data:{\"n\":2}"));
    await().atMost(Duration.ofSeconds(10)).until(ended::get);
  }

  /** Writes one event, waits until the test lets it write the second, then ends the stream. */
  private static HttpServer orchestrator() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(STREAM, RunStatusStreamRouteIT::stream);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      write(body, "event:run-status\ndata:{\"n\":1}\n\n");
      SECOND_EVENT.await(30, TimeUnit.SECONDS);
      write(body, "event:run-status\ndata:{\"n\":2}\n\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream body, String text) throws IOException {
    body.write(text.getBytes(StandardCharsets.UTF_8));
    body.flush();
  }
}
