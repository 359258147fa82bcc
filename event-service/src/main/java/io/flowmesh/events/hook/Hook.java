package io.flowmesh.events.hook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An inbound webhook: where a provider posts, how its requests are verified, and the CloudEvent
 * type they become.
 *
 * @param id {@code hook_...}
 * @param name what it is for, for people
 * @param eventType the CloudEvent type of what it receives, e.g. {@code com.github.push}
 * @param verification how requests are verified (without the secret)
 * @param headers request headers copied into the event as extensions
 * @param maxBodyBytes the largest body it accepts
 * @param response what a delivery is answered with
 * @param rateLimit how often it may be called, or null for no limit
 * @param path where the provider posts: {@code /hooks/{id}} on the gateway
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
public record Hook(
    String id,
    String name,
    String eventType,
    Verification verification,
    List<String> headers,
    long maxBodyBytes,
    Response response,
    RateLimit rateLimit,
    String path,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * What a delivery is answered with.
   *
   * @param mode {@code accepted}: 202 with the stored event's id at once; {@code run-output}: wait
   *     for the run the delivery started and answer with its end (200), or 202 when it has not
   *     ended within the timeout or nothing started
   * @param timeout how long a {@code run-output} answer waits
   */
  public record Response(String mode, Duration timeout) {
    static final String ACCEPTED = "accepted";
    static final String RUN_OUTPUT = "run-output";
    static final Response DEFAULT = new Response(ACCEPTED, Duration.ofSeconds(10));

    boolean waitsForRun() {
      return mode.equals(RUN_OUTPUT);
    }
  }

  /**
   * At most {@code requests} deliveries per {@code per}, in each event-service replica; more are a
   * 429 with {@code Retry-After}.
   */
  public record RateLimit(int requests, Duration per) {}

  static String pathOf(String id) {
    return "/hooks/" + id;
  }

  Scheme scheme() {
    return Scheme.of(verification.scheme()).orElseThrow();
  }
}
