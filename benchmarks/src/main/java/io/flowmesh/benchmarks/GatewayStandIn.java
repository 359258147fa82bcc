package io.flowmesh.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowmesh.model.InternalHeaders;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * What the gateway does for a service's API, in a few lines: forwards each request to the service
 * with the gateway token and the tenant the key belongs to. It stands in for the gateway's hop in a
 * benchmark that runs one service without the rest of the platform.
 */
final class GatewayStandIn implements AutoCloseable {

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private GatewayStandIn(String serviceUrl, String gatewayToken, String tenant) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> forward(exchange, serviceUrl, gatewayToken, tenant));
    server.start();
  }

  static GatewayStandIn start(String serviceUrl, String gatewayToken, String tenant)
      throws IOException {
    return new GatewayStandIn(serviceUrl, gatewayToken, tenant);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange exchange, String serviceUrl, String token, String tenant)
      throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(serviceUrl + exchange.getRequestURI()))
              .header(InternalHeaders.GATEWAY_TOKEN, token)
              .header(InternalHeaders.TENANT, tenant)
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response
          .headers()
          .firstValue("Content-Type")
          .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
