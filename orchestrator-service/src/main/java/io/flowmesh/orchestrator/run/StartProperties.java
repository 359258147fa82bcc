package io.flowmesh.orchestrator.run;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run start settings.
 *
 * @param maxGroupSize how many starts that arrive together are written in one transaction (group
 *     commit, {@link RunStarts}); 1 gives every start a transaction of its own
 */
@ConfigurationProperties("flowmesh.orchestrator.starts")
public record StartProperties(@DefaultValue("32") int maxGroupSize) {

  public StartProperties {
    if (maxGroupSize < 1) {
      throw new IllegalArgumentException(
          "flowmesh.orchestrator.starts.max-group-size must be at least 1, was " + maxGroupSize);
    }
  }
}
