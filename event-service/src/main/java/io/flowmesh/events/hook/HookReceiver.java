package io.flowmesh.events.hook;

import io.flowmesh.events.hook.HookRepository.Receiving;
import io.flowmesh.events.hook.Verifier.Delivery;
import io.flowmesh.events.hook.Verifier.Refusal;
import io.flowmesh.events.ingest.EventIngestion;
import io.flowmesh.events.store.AcceptedEvent;
import io.flowmesh.events.store.EventOrigin;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A delivery to {@code POST /hooks/{hookId}}: its hook found by id, its body read up to the hook's
 * limit, verified by the hook's scheme, and stored as a CloudEvent through {@link EventIngestion},
 * so its triggers run in the same transaction and a redelivery with the same delivery id is stored
 * once. A refused delivery stores nothing and is counted ({@code flowmesh.hooks.refused}, tagged by
 * scheme and reason, never by hook).
 */
@Service
class HookReceiver {

  static final String REFUSED_METRIC = "flowmesh.hooks.refused";
  static final String ACCEPTED_METRIC = "flowmesh.hooks.accepted";

  private static final String JSON = "application/json";

  /** An accepted delivery: its hook, the hook's tenant and the stored event. */
  /**
   * A delivery the hook verified.
   *
   * @param event the stored event; null for a handshake
   * @param challenge what a provider's handshake asks to be answered with (Slack's {@code
   *     url_verification}); null for an event
   */
  record Received(Hook hook, TenantId tenant, AcceptedEvent event, String challenge) {}

  private final HookRepository hooks;
  private final HookRateLimits rateLimits;
  private final EventIngestion ingestion;
  private final JsonMapper json;
  private final MeterRegistry meters;
  private final Clock clock;

  HookReceiver(
      HookRepository hooks,
      HookRateLimits rateLimits,
      EventIngestion ingestion,
      JsonMapper json,
      MeterRegistry meters,
      Clock clock) {
    this.hooks = hooks;
    this.rateLimits = rateLimits;
    this.ingestion = ingestion;
    this.json = json;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * @param contentLength the declared length, or -1
   * @throws HookNotFoundException if no hook has this id
   * @throws HookBodyTooLargeException if the body is over the hook's limit
   * @throws HookRefusedException if the request fails the hook's verification
   * @throws HookRateLimitedException if the hook's rate limit is used up; only verified deliveries
   *     count, so that unsigned floods cannot use up a hook's allowance
   */
  Received receive(String hookId, HttpHeaders headers, InputStream body, long contentLength)
      throws IOException {
    Receiving receiving =
        hooks.receiving(hookId).orElseThrow(() -> new HookNotFoundException(hookId));
    Hook hook = receiving.hook();
    Scheme scheme = hook.scheme();
    long limit = hook.maxBodyBytes();
    if (contentLength > limit) {
      throw tooLarge(scheme, limit);
    }
    byte[] content = body.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
    if (content.length > limit) {
      throw tooLarge(scheme, limit);
    }
    Optional<Refusal> refusal =
        scheme
            .verifier()
            .check(
                hook.verification(),
                receiving.secret(),
                new Delivery(headers, content, clock.instant()));
    if (refusal.isPresent()) {
      count(REFUSED_METRIC, scheme, refusal.get().reason().tag());
      throw new HookRefusedException(refusal.get());
    }
    Optional<String> challenge =
        scheme == Scheme.SLACK ? slackChallenge(content) : Optional.empty();
    if (challenge.isPresent()) {
      // Slack's handshake when the URL is configured: signed like events, answered with its
      // challenge, and not an event, so nothing is stored and no trigger runs.
      meters.counter(ACCEPTED_METRIC, "scheme", scheme.wireName()).increment();
      return new Received(hook, receiving.tenant(), null, challenge.get());
    }
    Duration wait = rateLimits.take(hook);
    if (!wait.isZero()) {
      count(REFUSED_METRIC, scheme, "rate-limited");
      throw new HookRateLimitedException(hook.rateLimit(), wait);
    }
    NewEvent event = event(hook, scheme, headers, content);
    AcceptedEvent accepted =
        ingestion.accept(receiving.tenant(), EventOrigin.HOOK, List.of(event)).getFirst();
    meters.counter(ACCEPTED_METRIC, "scheme", scheme.wireName()).increment();
    return new Received(hook, receiving.tenant(), accepted, null);
  }

  /** The challenge of a Slack {@code url_verification} request, which is JSON. */
  private Optional<String> slackChallenge(byte[] content) {
    if (content.length == 0 || content[0] != '{') {
      return Optional.empty(); // slash commands and interactions are form-encoded
    }
    try {
      JsonNode body = json.readTree(content);
      return "url_verification".equals(body.path("type").asString(""))
              && body.path("challenge").isString()
          ? Optional.of(body.get("challenge").asString())
          : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty(); // not JSON after all: stored as it came
    }
  }

  private HookBodyTooLargeException tooLarge(Scheme scheme, long limit) {
    count(REFUSED_METRIC, scheme, "too-large");
    return new HookBodyTooLargeException(limit);
  }

  private void count(String metric, Scheme scheme, String reason) {
    Counter.builder(metric)
        .description("Deliveries to inbound webhooks refused, by scheme and reason")
        .tag("scheme", scheme.wireName())
        .tag("reason", reason)
        .register(meters)
        .increment();
  }

  private NewEvent event(Hook hook, Scheme scheme, HttpHeaders headers, byte[] content) {
    String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    JsonNode data = content.length > 0 && isJson(contentType) ? parse(content) : null;
    Map<String, String> extensions = new LinkedHashMap<>();
    for (String header : hook.headers()) {
      List<String> values = headers.get(header);
      if (values != null && !values.isEmpty()) {
        extensions.put(HookRequest.extensionName(header), String.join(",", values));
      }
    }
    return new NewEvent(
        Hook.pathOf(hook.id()),
        deliveryId(scheme, headers, data),
        hook.eventType(),
        null,
        clock.instant(),
        content.length == 0 || contentType != null || data == null ? contentType : JSON,
        null,
        data == null ? null : json.writeValueAsString(data),
        data == null && content.length > 0 ? content : null,
        extensions);
  }

  /** The provider's id of the delivery, kept across its redeliveries; else a new one. */
  private static String deliveryId(Scheme scheme, HttpHeaders headers, JsonNode data) {
    if (scheme.idHeader() != null) {
      String id = headers.getFirst(scheme.idHeader());
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    if (scheme.idField() != null && data != null && data.isObject()) {
      JsonNode id = data.get(scheme.idField());
      if (id != null && id.isString() && !id.asString().isBlank()) {
        return id.asString();
      }
    }
    return UuidV7.next().toString();
  }

  /** JSON when the body says so (or says nothing) and parses; anything else is kept as bytes. */
  private JsonNode parse(byte[] content) {
    try {
      return json.readTree(content);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return true;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || mediaType.equals("text/json")
        || mediaType.endsWith("+json");
  }
}
