package io.flowmesh.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real HTTP server on loopback standing in for a Flowmesh service: it records what the gateway
 * forwarded and answers 200 with a small JSON body.
 */
public final class StubService implements AutoCloseable {

  /** What the gateway sent to the service. */
  public record Received(String method, String pathAndQuery, Headers headers, String body) {}

  private static final String MINIMAL_API_DOCUMENT =
      "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"stub\",\"version\":\"1\"}}";

  private final HttpServer server;
  private final String apiDocument;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  private StubService(HttpServer server, String apiDocument) {
    this.server = server;
    this.apiDocument = apiDocument;
  }

  public static StubService start() {
    return start(MINIMAL_API_DOCUMENT);
  }

  /** A stub that answers {@code GET /v3/api-docs} with the given body. */
  static StubService start(String apiDocument) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StubService stub = new StubService(server, apiDocument);
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port nothing listens on, for a service that is down. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * The oldest request not yet taken, or null. The stub records a request before it answers, so
   * once the caller has the gateway's response, a forwarded request is already here.
   */
  public Received nextReceived() {
    return received.poll();
  }

  public void clear() {
    received.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String pathAndQuery = exchange.getRequestURI().getRawPath();
    if (exchange.getRequestURI().getRawQuery() != null) {
      pathAndQuery += "?" + exchange.getRequestURI().getRawQuery();
    }
    Headers headers = new Headers();
    headers.putAll(exchange.getRequestHeaders());
    received.add(new Received(exchange.getRequestMethod(), pathAndQuery, headers, body));

    byte[] answer =
        (pathAndQuery.equals("/v3/api-docs") ? apiDocument : "{\"ok\":true}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, answer.length);
    try (var out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
