package io.flowmesh.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A real HTTP server on loopback that answers with the responses queued, in order (the last one
 * again when the queue runs dry), and records every request it got.
 */
public final class ScriptedServer implements AutoCloseable {

  public record Answer(int status, String contentType, String body, Map<String, String> headers) {

    public static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of());
    }

    public static Answer problem(int status, String body) {
      return new Answer(status, "application/problem+json", body, Map.of());
    }
  }

  public record Request(
      String method, String pathAndQuery, Map<String, List<String>> headers, String body) {

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  public ScriptedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            Answer answer = next();
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] content = answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
              exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(
                answer.status(), content.length == 0 ? -1 : content.length);
            if (content.length > 0) {
              exchange.getResponseBody().write(content);
            }
          }
        });
    server.start();
  }

  public ScriptedServer answer(Answer... queued) {
    synchronized (answers) {
      answers.addAll(List.of(queued));
    }
    return this;
  }

  private Answer next() {
    synchronized (answers) {
      return answers.size() > 1 ? answers.poll() : answers.peek();
    }
  }

  /** The URL of a loopback port nothing listens on: every connection to it is refused. */
  public static String refusingUrl() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
