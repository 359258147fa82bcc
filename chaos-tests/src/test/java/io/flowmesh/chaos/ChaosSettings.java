package io.flowmesh.chaos;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one chaos run does, from system properties: {@code chaos.seed} (a new one if absent;
 * printed, to replay a run's fault schedule) and {@code chaos.duration} (ISO-8601, how long the
 * load runs).
 *
 * @param seed the seed of the fault schedule and of every random choice of the load
 * @param duration how long load is driven and faults are injected
 * @param kafkaSessionTimeout the services' consumer session timeout; a paused service stays paused
 *     longer than this, so the broker evicts it from its groups
 * @param drainTimeout how long, after the load, every run, delivery and outbox row may take to
 *     settle before what is left counts as stuck
 */
record ChaosSettings(
    long seed, Duration duration, Duration kafkaSessionTimeout, Duration drainTimeout) {

  static ChaosSettings fromSystemProperties() {
    String seed = System.getProperty("chaos.seed", "");
    String duration = System.getProperty("chaos.duration", "");
    return new ChaosSettings(
        seed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed.strip()),
        duration.isBlank() ? Duration.ofSeconds(30) : Duration.parse(duration.strip()),
        Duration.ofSeconds(10),
        Duration.ofSeconds(150));
  }

  /** How long a paused service stays stopped: past its session timeout, so it is evicted. */
  Duration pause() {
    return kafkaSessionTimeout.plusSeconds(4);
  }
}
