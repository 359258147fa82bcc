package io.flowmesh.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's API as far as the shared platform calls it, on loopback: {@code GET /v1/models} (the
 * {@code openai} connection's health check) and {@code POST /v1/chat/completions} (the pack's
 * {@code openai/generate-text}), each refusing a request without a bearer key as OpenAI does and
 * answering its documented example, the completion's content being a summary of the prompt.
 */
final class OpenAiServer {

  /** One request the platform made. */
  record Call(String method, String path, String authorization, JsonNode body) {}

  /** OpenAI's example chat completion (API reference, "Create chat completion"). */
  private static final String COMPLETION =
      """
      {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion",
       "created": 1741569952, "model": "gpt-4o-2024-08-06",
       "choices": [{"index": 0, "message": {"role": "assistant", "content": "",
         "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
       "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29},
       "service_tier": "default"}""";

  private final HttpServer server;
  private final JsonMapper json = JsonMapper.builder().build();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private OpenAiServer(HttpServer server) {
    this.server = server;
  }

  static OpenAiServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      OpenAiServer openai = new OpenAiServer(server);
      server.createContext("/v1/", openai::answer);
      server.start();
      return openai;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL the platform's openai pack and connection type are pointed at. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  private void answer(HttpExchange exchange) throws IOException {
    byte[] request = exchange.getRequestBody().readAllBytes();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String path = exchange.getRequestURI().getPath();
    JsonNode body = request.length == 0 ? null : json.readTree(request);
    calls.add(new Call(exchange.getRequestMethod(), path, authorization, body));
    if (authorization == null || !authorization.startsWith("Bearer sk-")) {
      send(
          exchange,
          401,
          """
          {"error": {"message": "You didn't provide an API key.", "type": "invalid_request_error",
           "param": null, "code": null}}""");
    } else if (path.equals("/v1/models") && exchange.getRequestMethod().equals("GET")) {
      send(
          exchange,
          200,
          """
          {"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1686935002,
           "owned_by": "openai"}]}""");
    } else if (path.equals("/v1/chat/completions")
        && exchange.getRequestMethod().equals("POST")
        && body != null
        && body.path("messages").isArray()) {
      String prompt = body.path("messages").get(0).path("content").asString();
      ObjectNode completion = (ObjectNode) json.readTree(COMPLETION);
      completion.put("model", body.path("model").asString("gpt-4o") + "-2024-08-06");
      ((ObjectNode) completion.get("choices").get(0).get("message"))
          .put("content", "Summary of: " + prompt);
      send(exchange, 200, json.writeValueAsString(completion));
    } else {
      send(exchange, 404, "{\"error\": {\"message\": \"Unknown request URL\"}}");
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
