package io.flowmesh.integrations.health;

/**
 * What one health check saw.
 *
 * @param outcome HEALTHY, UNHEALTHY, or NOT_CHECKED when the connection has nothing to check (an
 *     HTTP type without a health URL)
 * @param detail e.g. {@code HTTP 200} or {@code connection failed}; never a credential
 * @param latencyMs how long the check took
 */
record CheckResult(Outcome outcome, String detail, long latencyMs) {

  enum Outcome {
    HEALTHY,
    UNHEALTHY,
    NOT_CHECKED
  }
}
