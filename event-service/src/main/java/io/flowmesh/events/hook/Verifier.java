package io.flowmesh.events.hook;

import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/** One scheme's check of a request: nothing if it passes, else why not. */
@FunctionalInterface
interface Verifier {

  /**
   * A request as it arrived.
   *
   * @param headers its headers
   * @param body its exact body
   * @param now when it arrived, for the schemes that sign a timestamp
   */
  record Delivery(HttpHeaders headers, byte[] body, Instant now) {}

  /**
   * Why a request was refused.
   *
   * @param reason low-cardinality, for the problem and the metric
   * @param detail which check failed, naming headers but never a secret or an expected value
   */
  record Refusal(Reason reason, String detail) {}

  /** The kinds of refusal; their names tag the refusals metric. */
  enum Reason {
    MISSING_HEADER("missing-header"),
    MALFORMED_HEADER("malformed-header"),
    STALE_TIMESTAMP("stale-timestamp"),
    BAD_SIGNATURE("bad-signature"),
    BAD_CREDENTIALS("bad-credentials");

    private final String tag;

    Reason(String tag) {
      this.tag = tag;
    }

    String tag() {
      return tag;
    }
  }

  Optional<Refusal> check(Verification settings, String secret, Delivery delivery);
}
