package io.flowmesh.events.hook;

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
    String path,
    Instant createdAt,
    Instant updatedAt) {

  static String pathOf(String id) {
    return "/hooks/" + id;
  }

  Scheme scheme() {
    return Scheme.of(verification.scheme()).orElseThrow();
  }
}
