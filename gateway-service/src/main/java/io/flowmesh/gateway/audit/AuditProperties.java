package io.flowmesh.gateway.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log of mutating calls.
 *
 * @param queueCapacity entries waiting to be written, per replica; when the queue is full (the
 *     database is down or slow for long) further entries are dropped, counted in {@code
 *     flowmesh.gateway.audit.dropped} and logged, and requests are not held up
 * @param batchSize the most entries written in one statement
 * @param flushInterval how long an entry waits at most before its batch is written
 * @param retention how long entries are kept; older ones are purged
 * @param purgeInterval how often the purge runs (on every replica; deleting twice is harmless)
 */
@ConfigurationProperties("flowmesh.gateway.audit")
public record AuditProperties(
    @DefaultValue("10000") int queueCapacity,
    @DefaultValue("500") int batchSize,
    @DefaultValue("1s") Duration flushInterval,
    @DefaultValue("90d") Duration retention,
    @DefaultValue("1h") Duration purgeInterval) {

  public AuditProperties {
    if (queueCapacity < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "flowmesh.gateway.audit.queue-capacity and .batch-size must be positive");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("flowmesh.gateway.audit.retention must be positive");
    }
  }
}
