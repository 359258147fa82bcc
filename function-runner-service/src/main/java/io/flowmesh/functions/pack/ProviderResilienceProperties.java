package io.flowmesh.functions.pack;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker and the concurrency limit of each provider's pack functions, per service
 * instance (ADR 0050). Only failures a retry may cure count against the breaker: the pack's
 * retryable statuses, timeouts and broken connections; a 4xx is the input's problem.
 *
 * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
 * @param slidingWindowSize number of recent calls the failure rate is computed over
 * @param minimumNumberOfCalls calls needed in the window before the rate is judged
 * @param waitInOpenState how long an open breaker refuses calls before letting trial calls through
 * @param permittedCallsInHalfOpenState trial calls that decide whether the breaker closes again
 * @param maxConcurrentCalls calls to one provider in flight at once; more wait for a slot
 * @param maxWaitForSlot how long a call waits for a slot before it fails (retryable)
 * @param providers settings of single providers, e.g. {@code providers.openai.max-concurrent-calls}
 */
@ConfigurationProperties("flowmesh.functions.packs.resilience")
public record ProviderResilienceProperties(
    @DefaultValue("50") float failureRateThreshold,
    @DefaultValue("20") int slidingWindowSize,
    @DefaultValue("10") int minimumNumberOfCalls,
    @DefaultValue("30s") Duration waitInOpenState,
    @DefaultValue("3") int permittedCallsInHalfOpenState,
    @DefaultValue("32") int maxConcurrentCalls,
    @DefaultValue("30s") Duration maxWaitForSlot,
    @DefaultValue Map<String, Provider> providers) {

  /**
   * One provider's settings; each one not given is the general setting.
   *
   * @param failureRateThreshold percentage of failed calls that opens the breaker
   * @param slidingWindowSize number of recent calls the failure rate is computed over
   * @param minimumNumberOfCalls calls needed in the window before the rate is judged
   * @param waitInOpenState how long an open breaker refuses calls
   * @param permittedCallsInHalfOpenState trial calls that decide whether the breaker closes
   * @param maxConcurrentCalls calls to the provider in flight at once
   * @param maxWaitForSlot how long a call waits for a slot
   */
  public record Provider(
      Float failureRateThreshold,
      Integer slidingWindowSize,
      Integer minimumNumberOfCalls,
      Duration waitInOpenState,
      Integer permittedCallsInHalfOpenState,
      Integer maxConcurrentCalls,
      Duration maxWaitForSlot) {}

  /** The settings of one provider: its own where given, else the general ones. */
  Provider of(String provider) {
    Provider own = providers.get(provider);
    if (own == null) {
      own = new Provider(null, null, null, null, null, null, null);
    }
    return new Provider(
        or(own.failureRateThreshold(), failureRateThreshold),
        or(own.slidingWindowSize(), slidingWindowSize),
        or(own.minimumNumberOfCalls(), minimumNumberOfCalls),
        or(own.waitInOpenState(), waitInOpenState),
        or(own.permittedCallsInHalfOpenState(), permittedCallsInHalfOpenState),
        or(own.maxConcurrentCalls(), maxConcurrentCalls),
        or(own.maxWaitForSlot(), maxWaitForSlot));
  }

  private static <T> T or(T own, T general) {
    return own != null ? own : general;
  }
}
