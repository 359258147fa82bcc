package io.flowmesh.functions.builtin;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code slack/send-message}: posts {@code text} (and {@code blocks}) to the incoming-webhook URL
 * of a {@code slack-webhook} connection. The URL is the secret: it never appears in an error.
 */
@Component
class SlackMessageFunction implements BuiltinFunction {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final OutboundHttp http;
  private final ConnectionResolver connections;
  private final JsonMapper json;

  SlackMessageFunction(OutboundHttp http, ConnectionResolver connections, JsonMapper json) {
    this.http = http;
    this.connections = connections;
    this.json = json;
  }

  @Override
  public String slug() {
    return "slack/send-message";
  }

  @Override
  public Object apply(Invocation invocation) {
    JsonNode input = invocation.input();
    Connection connection =
        connections.resolve(
            invocation.tenant(), input.path("connectionId").asString(), "slack-webhook");
    String url = connection.secrets().get("webhookUrl");
    if (url == null || url.isBlank()) {
      throw new FunctionFailure(
          "CONNECTION_INCOMPLETE", "the slack-webhook connection has no webhookUrl", false);
    }
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("text", input.path("text").asString());
    if (input.has("blocks")) {
      message.put("blocks", input.get("blocks"));
    }
    Duration timeout = TIMEOUT.compareTo(invocation.timeout()) < 0 ? TIMEOUT : invocation.timeout();
    OutboundHttp.Response response;
    try {
      response =
          http.send(
              new OutboundHttp.Request(
                  "POST",
                  url,
                  Map.of("Content-Type", "application/json"),
                  json.writeValueAsBytes(message),
                  timeout));
    } catch (OutboundFailure e) {
      throw new FunctionFailure(
          HttpErrors.code(e), "Slack webhook: " + e.getMessage(), HttpErrors.retryable(e));
    }
    if (response.status() >= 300) {
      throw new FunctionFailure(
          HttpErrors.code(response.status()),
          "Slack answered HTTP " + response.status(),
          HttpErrors.retryable(response.status()));
    }
    return Map.of("delivered", true, "status", response.status());
  }
}
