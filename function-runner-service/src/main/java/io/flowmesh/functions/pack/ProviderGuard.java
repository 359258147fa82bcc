package io.flowmesh.functions.pack;

import io.flowmesh.functions.outbound.HttpErrors;
import io.flowmesh.functions.outbound.OutboundFailure;
import io.flowmesh.functions.outbound.OutboundHttp;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Guards each provider's pack functions with one circuit breaker and one concurrency limit
 * (Resilience4j), shared by all tenants: a provider that is down is the same provider for every
 * tenant, and its rate limits count per deployment key more than per tenant. Both live in memory
 * per instance, created on a provider's first call (ADR 0050).
 */
@Component
class ProviderGuard {

  static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
  static final String CONCURRENCY_LIMIT = "CONCURRENCY_LIMIT";

  /** The call was not made; the execution fails with this code, retryable. */
  static final class Refused extends Exception {
    private final String code;

    Refused(String code, String message) {
      super(message);
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  private final ProviderResilienceProperties properties;
  private final MeterRegistry meters;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();

  ProviderGuard(ProviderResilienceProperties properties, MeterRegistry meters) {
    this.properties = properties;
    this.meters = meters;
  }

  /**
   * Sends the request once a slot of the provider is free and its breaker lets calls through, and
   * tells the breaker how it went.
   *
   * @throws Refused without sending, when no slot became free in time or the breaker is open
   */
  OutboundHttp.Response send(
      PackedFunction function, OutboundHttp http, OutboundHttp.Request request)
      throws Refused, OutboundFailure {
    String provider = function.provider();
    ProviderResilienceProperties.Provider limits = properties.of(provider);
    Bulkhead bulkhead = bulkheads.computeIfAbsent(provider, name -> bulkhead(name, limits, meters));
    boolean admitted;
    try {
      // Waits on the execution's virtual thread, at most maxWaitForSlot.
      admitted = bulkhead.tryAcquirePermission();
    } catch (RuntimeException e) {
      admitted = false;
    }
    if (!admitted) {
      throw new Refused(
          CONCURRENCY_LIMIT,
          provider
              + " already has its maximum of "
              + limits.maxConcurrentCalls()
              + " calls in flight and no slot became free within "
              + limits.maxWaitForSlot().toSeconds()
              + " s");
    }
    try {
      CircuitBreaker breaker =
          breakers.computeIfAbsent(provider, name -> breaker(name, limits, meters));
      if (!breaker.tryAcquirePermission()) {
        throw new Refused(
            CIRCUIT_OPEN,
            "The circuit breaker of "
                + provider
                + " is open: at least "
                + Math.round(limits.failureRateThreshold())
                + "% of its recent calls failed; calls resume after a pause of "
                + limits.waitInOpenState().toSeconds()
                + " s");
      }
      return call(function, http, request, breaker);
    } finally {
      bulkhead.onComplete();
    }
  }

  private static OutboundHttp.Response call(
      PackedFunction function,
      OutboundHttp http,
      OutboundHttp.Request request,
      CircuitBreaker breaker)
      throws OutboundFailure {
    long start = System.nanoTime();
    try {
      OutboundHttp.Response response = http.send(request);
      long took = System.nanoTime() - start;
      if (function.retryableStatuses().contains(response.status())) {
        breaker.onError(took, TimeUnit.NANOSECONDS, new ProviderFailure(response.status()));
      } else {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      }
      return response;
    } catch (OutboundFailure e) {
      if (HttpErrors.retryable(e)) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      } else {
        // Refused by the SSRF guard or too large: nothing about the provider's health.
        breaker.releasePermission();
      }
      throw e;
    }
  }

  private static CircuitBreaker breaker(
      String provider, ProviderResilienceProperties.Provider l, MeterRegistry meters) {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "pack-" + provider,
            CircuitBreakerConfig.custom()
                .failureRateThreshold(l.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(l.slidingWindowSize())
                .minimumNumberOfCalls(l.minimumNumberOfCalls())
                .waitDurationInOpenState(l.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(l.permittedCallsInHalfOpenState())
                // No timer thread: the first call after the wait is let through as a trial.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    Gauge.builder(
            "flowmesh.functions.packs.circuit.open",
            breaker,
            b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
        .description("1 while the circuit breaker of a provider's pack functions is open")
        .tag("provider", provider)
        .register(meters);
    return breaker;
  }

  private static Bulkhead bulkhead(
      String provider, ProviderResilienceProperties.Provider l, MeterRegistry meters) {
    Bulkhead bulkhead =
        Bulkhead.of(
            "pack-" + provider,
            BulkheadConfig.custom()
                .maxConcurrentCalls(l.maxConcurrentCalls())
                .maxWaitDuration(l.maxWaitForSlot())
                .build());
    Gauge.builder(
            "flowmesh.functions.packs.calls.in.flight",
            bulkhead,
            b ->
                b.getBulkheadConfig().getMaxConcurrentCalls()
                    - b.getMetrics().getAvailableConcurrentCalls())
        .description("Calls of a provider's pack functions in flight on this instance")
        .tag("provider", provider)
        .register(meters);
    return bulkhead;
  }

  /** A retryable answer, as the breaker records it. */
  private static final class ProviderFailure extends RuntimeException {
    ProviderFailure(int status) {
      super("HTTP " + status, null, false, false);
    }
  }
}
