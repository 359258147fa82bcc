package io.flowmesh.client;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem as Flowmesh answers every error: a stable {@code type} URI to branch on, a
 * {@code title}, the HTTP {@code status}, a {@code detail} that says what is wrong and the members
 * a problem type adds ({@code errors} of a validation error, {@code missingScope}, {@code runs},
 * ...), in {@code extensions}.
 *
 * @param type the problem type, {@code about:blank} when the answer had none
 * @param title the short summary of the type
 * @param status the HTTP status code
 * @param detail what went wrong with this request; null if the answer had none
 * @param instance the request path the problem is about; null if the answer had none
 * @param extensions every other member of the problem object, as JSON values (maps, lists, ...)
 */
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    Map<String, Object> extensions) {

  /** The type of a problem answer that had no {@code type} (RFC 9457 section 4.2.1). */
  public static final URI BLANK = URI.create("about:blank");

  /** The problem with its members copied, so that it never changes. */
  public Problem {
    type = type == null ? BLANK : type;
    // members may be JSON null, which Map.copyOf refuses
    extensions =
        extensions == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** An extension member, or null. */
  public Object extension(String name) {
    return extensions.get(name);
  }
}
