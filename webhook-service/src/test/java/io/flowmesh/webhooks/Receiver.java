package io.flowmesh.webhooks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real webhook endpoint: the JDK's HTTP server on 127.0.0.1, recording every request and
 * answering what the test's responder says.
 */
public final class Receiver implements AutoCloseable {

  /**
   * One request as it arrived.
   *
   * @param path the request path
   * @param headers all headers (names as the server normalised them)
   * @param body the body
   * @param at when it arrived
   * @param status the status it was answered with
   */
  public record Received(
      String path, Map<String, List<String>> headers, String body, Instant at, int status) {

    public String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
          return entry.getValue().getFirst();
        }
      }
      return null;
    }
  }

  /**
   * An answer.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param body response body
   */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply ok() {
      return new Reply(200, Map.of(), "ok");
    }

    public static Reply status(int status) {
      return new Reply(status, Map.of(), "status " + status);
    }
  }

  /** What the responder sees of a request: path, headers and body. */
  public record Request(String path, Headers headers, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Received> received = new ArrayList<>();
  private volatile Function<Request, Reply> responder = request -> Reply.ok();

  public Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** URL of a path on this receiver, with the given host name (e.g. 127.0.0.1 or localhost). */
  public String url(String host, String path) {
    return "http://" + host + ":" + port() + path;
  }

  public void respond(Function<Request, Reply> responder) {
    this.responder = responder;
  }

  /** All requests so far, in arrival order. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Requests to one path, in arrival order. */
  public List<Received> received(String path) {
    return received().stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      Reply reply = responder.apply(new Request(path, exchange.getRequestHeaders(), body));
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      synchronized (received) {
        received.add(new Received(path, headers, body, Instant.now(), reply.status()));
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
