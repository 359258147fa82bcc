package io.flowmesh.client.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiving end of a webhook subscription: checks each request's Standard Webhooks signature
 * (with the official library), drops a delivery whose {@code webhook-id} it handled already (a
 * retry whose answer got lost), and hands the rest to a {@link Handler} one at a time per ordering
 * key, in the order they arrived.
 *
 * <p>Flowmesh sends a key's next event only after a 2xx for the previous one, so answering after
 * the handler returns keeps the key's order end to end; a handler that throws is answered 500 and
 * the delivery comes again later. Use {@link #receive} from any HTTP server, or {@link
 * #httpHandler()} with the JDK's {@code com.sun.net.httpserver}.
 */
public final class WebhookReceiver {

  /** How many handled {@code webhook-id}s are remembered to drop duplicates. */
  public static final int DEFAULT_REMEMBERED_IDS = 10_000;

  private static final int STRIPES = 64;

  private final List<Webhook> verifiers;
  private final Handler handler;
  private final RecentIds handled;
  private final ReentrantLock[] keyLocks = new ReentrantLock[STRIPES];
  private final JsonMapper json = JsonMapper.builder().build();

  /** What the application does with a verified delivery. */
  @FunctionalInterface
  public interface Handler {
    /** Handles one delivery; throwing makes Flowmesh deliver it again later. */
    void handle(Delivery delivery) throws Exception;
  }

  /**
   * A verified delivery.
   *
   * @param webhookId the delivery's {@code webhook-id}, the same on each retry of it
   * @param timestamp its {@code webhook-timestamp}
   * @param key what orders it: the CloudEvent's {@code partitionkey}, else its {@code subject},
   *     else the webhook id
   * @param type the CloudEvent's {@code type}
   * @param event the CloudEvent as JSON
   * @param body the request body as signed
   */
  public record Delivery(
      String webhookId, Instant timestamp, String key, String type, JsonNode event, String body) {}

  /**
   * What became of one request, and the HTTP status to answer it with.
   *
   * @param status 204 handled, 200 a duplicate (not handled again), 400 not a CloudEvent, 401 a bad
   *     or missing signature, 500 the handler threw
   * @param delivery the delivery, when the signature held
   * @param error why it was refused or failed; null when handled
   */
  public record Outcome(int status, Delivery delivery, String error) {

    /** True when the handler ran and returned. */
    public boolean handled() {
      return status == 204;
    }
  }

  /**
   * A receiver for the subscription with this {@code whsec_} secret. During a secret rotation pass
   * both secrets to {@link #WebhookReceiver(List, int, Handler)}.
   */
  public WebhookReceiver(String secret, Handler handler) {
    this(List.of(secret), DEFAULT_REMEMBERED_IDS, handler);
  }

  /**
   * A receiver accepting a signature by any of {@code secrets}, remembering the last {@code
   * rememberedIds} handled ids.
   */
  public WebhookReceiver(List<String> secrets, int rememberedIds, Handler handler) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret is needed");
    }
    List<Webhook> built = new ArrayList<>();
    for (String secret : secrets) {
      try {
        built.add(new Webhook(secret));
      } catch (EmptyWebhookSecretException e) {
        throw new IllegalArgumentException("the webhook secret is empty", e);
      }
    }
    this.verifiers = List.copyOf(built);
    this.handler = Objects.requireNonNull(handler, "handler");
    this.handled = new RecentIds(rememberedIds);
    for (int i = 0; i < STRIPES; i++) {
      keyLocks[i] = new ReentrantLock(true); // fair: waiting requests of a key go in arrival order
    }
  }

  /** Verifies, deduplicates and handles one request; answer it with the outcome's status. */
  public Outcome receive(String body, Map<String, List<String>> headers) {
    Map<String, List<String>> lowerCase = new HashMap<>();
    headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), values));
    String error = verify(body, lowerCase);
    if (error != null) {
      return new Outcome(401, null, error);
    }
    Delivery delivery;
    try {
      delivery = delivery(body, lowerCase);
    } catch (JacksonException | IllegalArgumentException e) {
      return new Outcome(400, null, "not a CloudEvent in JSON: " + e.getMessage());
    }
    ReentrantLock lock = keyLocks[Math.floorMod(delivery.key().hashCode(), STRIPES)];
    lock.lock();
    try {
      if (handled.contains(delivery.webhookId())) {
        return new Outcome(200, delivery, null);
      }
      try {
        handler.handle(delivery);
      } catch (Exception e) {
        return new Outcome(500, delivery, "the handler failed: " + e);
      }
      handled.add(delivery.webhookId());
      return new Outcome(204, delivery, null);
    } finally {
      lock.unlock();
    }
  }

  /** This receiver as a handler for the JDK's HTTP server, on any path it is mounted at. */
  public HttpHandler httpHandler() {
    return this::exchange;
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Outcome outcome = receive(body, exchange.getRequestHeaders());
      exchange.sendResponseHeaders(outcome.status(), -1);
    }
  }

  private String verify(String body, Map<String, List<String>> headers) {
    String last = "no webhook-signature header";
    for (Webhook verifier : verifiers) {
      try {
        verifier.verify(body, headers);
        return null;
      } catch (WebhookVerificationException e) {
        last = e.getMessage();
      }
    }
    return "signature not verified: " + last;
  }

  private Delivery delivery(String body, Map<String, List<String>> headers) {
    String webhookId = headers.get("webhook-id").getFirst();
    Instant timestamp =
        Instant.ofEpochSecond(Long.parseLong(headers.get("webhook-timestamp").getFirst()));
    JsonNode event = json.readTree(body);
    if (!event.isObject()) {
      throw new IllegalArgumentException("the body is not a JSON object");
    }
    String key = firstText(event, "partitionkey", "subject");
    return new Delivery(
        webhookId, timestamp, key == null ? webhookId : key, firstText(event, "type"), event, body);
  }

  private static String firstText(JsonNode event, String... members) {
    for (String member : members) {
      JsonNode value = event.get(member);
      if (value != null && value.isString()) {
        return value.asString();
      }
    }
    return null;
  }
}
