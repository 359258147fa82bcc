package io.flowmesh.events.store;

import io.flowmesh.messaging.UuidV7;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Stored event ids: {@code evt_} and a version 7 UUID in hex. The UUID's first 48 bits are the
 * millisecond the event was accepted, which is also its {@code received_at}, the column the store
 * is partitioned by: a lookup by id reads one partition.
 */
final class StoredEventIds {

  private static final String PREFIX = "evt_";
  private static final int HEX_LENGTH = 32;

  private StoredEventIds() {}

  /** A new id; {@link #acceptedAt} of it is now, to the millisecond. */
  static String next() {
    UUID uuid = UuidV7.next();
    return PREFIX + uuid.toString().replace("-", "");
  }

  /** The instant encoded in an id this class made, or empty if the text is not such an id. */
  static Optional<Instant> acceptedAt(String id) {
    if (id == null
        || id.length() != PREFIX.length() + HEX_LENGTH
        || !id.startsWith(PREFIX)
        || !id.substring(PREFIX.length()).chars().allMatch(StoredEventIds::isLowerHex)) {
      return Optional.empty();
    }
    long millis = Long.parseLong(id.substring(PREFIX.length(), PREFIX.length() + 12), 16);
    return Optional.of(Instant.ofEpochMilli(millis));
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
