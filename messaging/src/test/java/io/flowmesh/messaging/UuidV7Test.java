package io.flowmesh.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

  @Test
  void isAVersion7UuidWithTheRfcVariant() {
    for (int i = 0; i < 1_000; i++) {
      UUID id = UuidV7.next();
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
    }
  }

  @Test
  void carriesTheCreationTimeInItsFirst48Bits() {
    long before = System.currentTimeMillis();
    UUID id = UuidV7.next();
    long after = System.currentTimeMillis();

    assertThat(millis(id)).isBetween(before, after);
  }

  @Test
  void isOrderedByMillisecondAndUnique() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(UuidV7.next());
    }
    Set<UUID> distinct = new HashSet<>(ids);
    assertThat(distinct).hasSize(ids.size());
    for (int i = 1; i < ids.size(); i++) {
      // Within one millisecond the order is random; across milliseconds it follows time, so ids
      // sort roughly by creation and an index on them stays append-mostly.
      assertThat(millis(ids.get(i))).isGreaterThanOrEqualTo(millis(ids.get(i - 1)));
    }
    assertThat(millis(ids.getLast())).isGreaterThanOrEqualTo(millis(ids.getFirst()));
  }

  @Test
  void prefixedIdIsThePrefixAndTheUuidAsLowercaseHex() {
    long before = System.currentTimeMillis();
    String id = UuidV7.prefixed("run");

    assertThat(id).matches("run_[0-9a-f]{32}");
    String hex = id.substring("run_".length());
    UUID parsed =
        UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
    assertThat(parsed.version()).isEqualTo(7);
    assertThat(millis(parsed)).isBetween(before, System.currentTimeMillis());
    assertThat(UuidV7.prefixed("run")).isNotEqualTo(id);
  }

  private static long millis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }
}
