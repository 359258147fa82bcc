package io.flowmesh.functions.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Circuit breaker of each HTTP function (one per tenant and slug, per service instance). Only
 * failures a retry may fix count (5xx, 429, 408, timeouts, broken connections); a 4xx is the
 * caller's problem, not the endpoint's health.
 *
 * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
 * @param slidingWindowSize number of recent calls the failure rate is computed over
 * @param minimumNumberOfCalls calls needed in the window before the rate is judged
 * @param waitInOpenState how long an open breaker rejects calls before letting trial calls through
 * @param permittedCallsInHalfOpenState trial calls that decide whether the breaker closes again
 */
@ConfigurationProperties("flowmesh.functions.circuit-breaker")
public record HttpFunctionProperties(
    @DefaultValue("50") float failureRateThreshold,
    @DefaultValue("20") int slidingWindowSize,
    @DefaultValue("10") int minimumNumberOfCalls,
    @DefaultValue("30s") Duration waitInOpenState,
    @DefaultValue("3") int permittedCallsInHalfOpenState) {}
