package io.flowmesh.events.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event store's settings ({@code flowmesh.events.store.*}).
 *
 * @param retention how long an accepted event is kept; whole days of events older than this are
 *     dropped, so an event is kept at least this long and less than a day longer
 * @param daysAhead how many days of partitions exist ahead of today, so that accepting an event
 *     never waits for a partition to be created
 */
@ConfigurationProperties("flowmesh.events.store")
public record EventStoreProperties(Duration retention, Integer daysAhead) {

  public EventStoreProperties {
    retention = retention == null ? Duration.ofDays(30) : retention;
    daysAhead = daysAhead == null ? 3 : daysAhead;
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "flowmesh.events.store.retention must be at least one day, was " + retention);
    }
    if (daysAhead < 1) {
      throw new IllegalArgumentException(
          "flowmesh.events.store.days-ahead must be at least 1, was " + daysAhead);
    }
  }
}
