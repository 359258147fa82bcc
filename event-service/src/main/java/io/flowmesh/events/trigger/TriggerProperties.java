package io.flowmesh.events.trigger;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code flowmesh.events.triggers.*}.
 *
 * @param maxChainDepth how many runs in a row may start each other through their lifecycle events
 *     (a run's completion starting a run whose completion starts a run…) before a trigger refuses
 *     to start one more, recorded as {@code limited}; default 10
 */
@ConfigurationProperties("flowmesh.events.triggers")
public record TriggerProperties(Integer maxChainDepth) {

  public TriggerProperties {
    maxChainDepth = maxChainDepth == null ? 10 : maxChainDepth;
    if (maxChainDepth < 1) {
      throw new IllegalArgumentException(
          "flowmesh.events.triggers.max-chain-depth must be at least 1");
    }
  }
}
