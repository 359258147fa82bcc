package io.flowmesh.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An HTTP endpoint on loopback that answers every request at once with {@code {"ok":true}}: the far
 * side of a benchmark that must not be the bottleneck. It answers on virtual threads, which are
 * daemon threads, so it never keeps a benchmark's JVM alive.
 */
final class OkEndpoint {

  private OkEndpoint() {}

  static HttpServer start(String path, int backlog) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), backlog);
    byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    server.createContext(
        path,
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }
}
