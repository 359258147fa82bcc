package io.flowmesh.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka readiness check.
 *
 * @param timeout how long the check waits for the cluster to answer; keep it below the readiness
 *     probe's timeout
 */
@ConfigurationProperties("flowmesh.health.kafka")
record KafkaHealthProperties(@DefaultValue("2s") Duration timeout) {

  KafkaHealthProperties {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("flowmesh.health.kafka.timeout must be positive");
    }
  }
}
