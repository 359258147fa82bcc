package io.flowmesh.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The side effect of the load's HTTP function: a loopback endpoint that counts the calls it gets
 * per {@code Idempotency-Key} (function-runner sends the node's execution id), as a payment
 * provider would count charges. Every call is answered 200 with how many calls of its key came so
 * far.
 */
final class CountingServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
  private final AtomicInteger withoutKey = new AtomicInteger();

  private CountingServer(HttpServer server) {
    this.server = server;
  }

  static CountingServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    CountingServer counting = new CountingServer(server);
    server.createContext("/count", counting::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return counting;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/count";
  }

  /** How many calls came with this key (0 if none). */
  int calls(String idempotencyKey) {
    AtomicInteger calls = callsByKey.get(idempotencyKey);
    return calls == null ? 0 : calls.get();
  }

  /** Keys that were called more than once: at-least-once redeliveries. */
  long keysCalledMoreThanOnce() {
    return callsByKey.values().stream().filter(calls -> calls.get() > 1).count();
  }

  int totalCalls() {
    return callsByKey.values().stream().mapToInt(AtomicInteger::get).sum() + withoutKey.get();
  }

  int callsWithoutKey() {
    return withoutKey.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    int calls;
    if (key == null || key.isBlank()) {
      calls = withoutKey.incrementAndGet();
    } else {
      calls = callsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
    byte[] body = ("{\"calls\":" + calls + "}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
