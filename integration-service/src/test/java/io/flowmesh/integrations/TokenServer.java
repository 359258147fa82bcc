package io.flowmesh.integrations;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real OAuth2 token endpoint on loopback for tests: checks the client's Basic credentials, counts
 * the tokens it issued and answers with a configurable lifetime. Also serves a health URL whose
 * status the test sets.
 */
public final class TokenServer implements AutoCloseable {

  private final HttpServer server;
  private final String clientId;
  private final String clientSecret;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicReference<Long> expiresIn = new AtomicReference<>(3600L);
  private final AtomicInteger healthStatus = new AtomicInteger(200);
  private final AtomicReference<String> lastForm = new AtomicReference<>("");

  public TokenServer(String clientId, String clientSecret) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/token",
        exchange -> {
          lastForm.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          String expected =
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(
                          (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          byte[] body;
          int status;
          if (!expected.equals(auth)) {
            status = 401;
            body = "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8);
          } else {
            status = 200;
            int n = issued.incrementAndGet();
            body =
                ("{\"access_token\":\"at-"
                        + n
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                        + expiresIn.get()
                        + "}")
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(healthStatus.get(), -1);
          exchange.close();
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public int issued() {
    return issued.get();
  }

  public String lastForm() {
    return lastForm.get();
  }

  public void expiresIn(long seconds) {
    expiresIn.set(seconds);
  }

  public void healthStatus(int status) {
    healthStatus.set(status);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
