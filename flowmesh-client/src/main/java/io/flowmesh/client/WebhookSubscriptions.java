package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * Webhook subscriptions ({@code /api/v1/webhook-subscriptions}): where Flowmesh delivers events, in
 * order per key, signed per Standard Webhooks (check them with {@link
 * io.flowmesh.client.webhook.WebhookReceiver}).
 */
public final class WebhookSubscriptions {

  private static final String PATH = "/api/v1/webhook-subscriptions";

  private final Transport transport;

  WebhookSubscriptions(Transport transport) {
    this.transport = transport;
  }

  /**
   * A new subscription. Build with {@link #of} and the {@code with} methods.
   *
   * @param url the http(s) endpoint; the service refuses private and loopback addresses unless its
   *     operator allowed them (the local launcher allows loopback)
   * @param eventTypes types or patterns such as {@code io.flowmesh.run.*}
   * @param filter a CEL expression over the event; null delivers every event of the types
   * @param orderingKey the CEL expression whose value orders deliveries; null for the event's key
   * @param rateLimit deliveries per second at most; null for the service's default
   * @param failurePolicy how failed deliveries are handled; null for the default
   */
  public record NewSubscription(
      String url,
      List<String> eventTypes,
      String filter,
      String orderingKey,
      Integer rateLimit,
      String failurePolicy) {

    /** A subscription of {@code url} to these event types. */
    public static NewSubscription of(String url, List<String> eventTypes) {
      return new NewSubscription(url, eventTypes, null, null, null, null);
    }

    /** The same subscription with this CEL filter. */
    public NewSubscription withFilter(String cel) {
      return new NewSubscription(url, eventTypes, cel, orderingKey, rateLimit, failurePolicy);
    }
  }

  /**
   * A subscription.
   *
   * @param state ACTIVE or DISABLED
   * @param secret the {@code whsec_} signing secret: only in the answer to {@link #create} (and a
   *     replay of it with the same idempotency key), null everywhere else
   * @param previousSecretExpiresAt until when the secret before a rotation still signs
   */
  public record Subscription(
      String id,
      String url,
      List<String> eventTypes,
      String filter,
      String orderingKey,
      Integer rateLimit,
      String failurePolicy,
      String state,
      String secret,
      String disabledReason,
      Instant previousSecretExpiresAt,
      Instant createdAt) {}

  /**
   * Creates a subscription; keep the answer's {@code secret}, it is not shown again. A generated
   * idempotency key makes the call's own retries safe.
   */
  public Subscription create(NewSubscription subscription) {
    return create(subscription, null);
  }

  /** Creates with this idempotency key: the same key answers with the same subscription. */
  public Subscription create(NewSubscription subscription, String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", subscription.url());
    body.put("eventTypes", subscription.eventTypes());
    body.put("filter", subscription.filter());
    body.put("orderingKey", subscription.orderingKey());
    body.put("rateLimit", subscription.rateLimit());
    body.put("failurePolicy", subscription.failurePolicy());
    body.values().removeIf(value -> value == null);
    return transport.send(
        Call.post(PATH, body, idempotencyKey, Safety.REPEATABLE), Subscription.class);
  }

  /** A subscription; a 404 problem if the tenant has none of that id. */
  public Subscription get(String id) {
    return transport.send(Call.get(path(id)), Subscription.class);
  }

  /** One page of subscriptions, oldest first; both arguments optional (null). */
  public Page<Subscription> list(Integer limit, String cursor) {
    return transport.send(
        Call.get(PATH, Transport.query("limit", limit, "cursor", cursor)),
        new TypeReference<Page<Subscription>>() {});
  }

  /**
   * Changes a subscription with a JSON merge patch ({@code url}, {@code eventTypes}, {@code
   * filter}, ...; a null value clears an optional field). Reads it first for its ETag, so a change
   * made meanwhile by someone else is a 412 problem instead of being overwritten.
   */
  public Subscription update(String id, Map<String, Object> patch) {
    Call read = Call.get(path(id));
    HttpResponse<String> current = transport.exchange(read);
    String etag =
        current
            .headers()
            .firstValue("ETag")
            .orElseThrow(() -> new FlowmeshException("GET " + path(id) + " sent no ETag"));
    return transport.send(Call.patch(path(id), patch, etag), Subscription.class);
  }

  /** Deletes a subscription and its queued deliveries. */
  public void delete(String id) {
    transport.send(Call.delete(path(id)), Void.class);
  }

  private static String path(String id) {
    return PATH + "/" + Transport.encode(id);
  }
}
