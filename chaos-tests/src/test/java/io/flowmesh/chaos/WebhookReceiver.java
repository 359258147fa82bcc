package io.flowmesh.chaos;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook endpoint that verifies what it gets as a careful subscriber would: the Standard
 * Webhooks signature of every request, and the order of every key. It can be told to fail for a
 * while (503), as an endpoint being deployed does. What it confirmed (2xx) is kept in arrival
 * order; a {@code webhook-id} confirmed again is a redelivery, counted.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One confirmed delivery. */
  record Received(
      long arrival,
      String webhookId,
      String key,
      String eventId,
      String type,
      String runId,
      String nodeId,
      int attempt) {}

  private final HttpServer server;
  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicLong arrivals = new AtomicLong();
  private final Map<String, Received> firstByWebhookId = new ConcurrentHashMap<>();
  private final AtomicInteger redeliveries = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> badSignatures = new CopyOnWriteArrayList<>();
  private volatile Webhook verifier;
  private volatile long failingUntil;
  private volatile long failingAtMostUntil;
  private volatile int refusedBeforeOutage;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    WebhookReceiver receiver = new WebhookReceiver(server);
    server.createContext("/hooks", receiver::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return receiver;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** The subscription's {@code whsec_} secret, known once it is created. */
  void secret(String secret) {
    try {
      this.verifier = new Webhook(secret);
    } catch (Exception e) {
      throw new IllegalStateException("Not a webhook secret: " + e.getMessage(), e);
    }
  }

  /**
   * Answers 503 to everything for {@code outage}, from now, and beyond it until it has refused one
   * attempt (at most a minute more): an outage while webhook-service itself is down would otherwise
   * refuse nothing and test nothing.
   */
  void failFor(Duration outage) {
    refusedBeforeOutage = refused.get();
    failingUntil = System.nanoTime() + outage.toNanos();
    failingAtMostUntil = failingUntil + Duration.ofMinutes(1).toNanos();
  }

  boolean failing() {
    long now = System.nanoTime();
    return now < failingUntil || now < failingAtMostUntil && refused.get() == refusedBeforeOutage;
  }

  /** Every confirmed delivery, once per {@code webhook-id}, in the order they first arrived. */
  List<Received> received() {
    List<Received> all = new ArrayList<>(firstByWebhookId.values());
    all.sort((a, b) -> Long.compare(a.arrival(), b.arrival()));
    return all;
  }

  Map<String, Received> byWebhookId() {
    return Map.copyOf(firstByWebhookId);
  }

  int redeliveries() {
    return redeliveries.get();
  }

  int refused() {
    return refused.get();
  }

  List<String> badSignatures() {
    return List.copyOf(badSignatures);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (failing()) {
      refused.incrementAndGet();
      answer(exchange, 503);
      return;
    }
    Map<String, List<String>> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
    String webhookId = first(headers, "webhook-id");
    try {
      verifier.verify(body, headers);
    } catch (Exception e) {
      badSignatures.add(webhookId + ": " + e.getMessage());
      answer(exchange, 401);
      return;
    }
    JsonNode event = json.readTree(body);
    Received received =
        new Received(
            arrivals.incrementAndGet(),
            webhookId,
            event.path("partitionkey").asString(""),
            event.path("id").asString(""),
            event.path("type").asString(""),
            event.path("subject").asString(""),
            event.path("data").path("nodeId").asString(""),
            event.path("data").path("attempt").asInt(0));
    if (firstByWebhookId.putIfAbsent(webhookId, received) != null) {
      redeliveries.incrementAndGet();
    }
    answer(exchange, 204);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.getFirst();
  }

  private static void answer(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
