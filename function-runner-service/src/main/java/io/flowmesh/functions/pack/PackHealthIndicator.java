package io.flowmesh.functions.pack;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Makes refused packs visible without stopping the service: {@code /actuator/health} component
 * {@code functionPacks} lists the loaded files and each refusal (UP either way: the other packs and
 * every other function work), and the gauge {@code flowmesh.functions.packs.refused} counts
 * refusals for an alert.
 */
// The health component is the bean name without "HealthIndicator": functionPacks.
@Component("functionPacksHealthIndicator")
class PackHealthIndicator implements HealthIndicator {

  private final FunctionPacks packs;

  PackHealthIndicator(FunctionPacks packs, MeterRegistry meters) {
    this.packs = packs;
    Gauge.builder("flowmesh.functions.packs.refused", packs, p -> p.refusals().size())
        .description("Function packs refused at start (see the log or /actuator/health)")
        .register(meters);
    Gauge.builder("flowmesh.functions.packs.functions", packs, p -> p.functions().size())
        .description("Functions loaded from function packs")
        .register(meters);
  }

  @Override
  public Health health() {
    return Health.up()
        .withDetail("loaded", packs.loaded())
        .withDetail("functions", packs.functions().size())
        .withDetail("refused", packs.refusals())
        .build();
  }
}
