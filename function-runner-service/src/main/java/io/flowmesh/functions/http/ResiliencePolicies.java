package io.flowmesh.functions.http;

import io.flowmesh.functions.registry.RegisteredFunction;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker and one bulkhead per function (tenant and slug), created on first use. A
 * bulkhead is rebuilt when the function's max concurrency changes with a new version. Both are in
 * memory per instance: with N replicas, a function runs at most N x maxConcurrency at once.
 */
@Component
class ResiliencePolicies {

  private final CircuitBreakerRegistry breakers;
  private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();

  ResiliencePolicies(HttpFunctionProperties properties) {
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpenState())
                // No timer thread: the first call after the wait is let through as a trial.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
  }

  CircuitBreaker circuitBreaker(RegisteredFunction function) {
    return breakers.circuitBreaker(name(function));
  }

  /** The function's bulkhead, or null if it may run without limit. */
  Bulkhead bulkhead(RegisteredFunction function) {
    if (function.maxConcurrency() <= 0) {
      return null;
    }
    String name = name(function);
    BulkheadConfig wanted = config(function);
    Bulkhead current = bulkheads.bulkhead(name, wanted);
    BulkheadConfig actual = current.getBulkheadConfig();
    if (actual.getMaxConcurrentCalls() != wanted.getMaxConcurrentCalls()
        || !actual.getMaxWaitDuration().equals(wanted.getMaxWaitDuration())) {
      current.changeConfig(wanted);
    }
    return current;
  }

  private static BulkheadConfig config(RegisteredFunction function) {
    // An execution over the limit waits (on its virtual thread) for a slot, at most as long as
    // one call may take; only then does it fail, retryable, with CONCURRENCY_LIMIT.
    int waitSeconds = function.http() != null ? function.http().timeoutSeconds() : 30;
    return BulkheadConfig.custom()
        .maxConcurrentCalls(function.maxConcurrency())
        .maxWaitDuration(Duration.ofSeconds(waitSeconds))
        .build();
  }

  private static String name(RegisteredFunction function) {
    return function.tenant() + "/" + function.slug();
  }
}
