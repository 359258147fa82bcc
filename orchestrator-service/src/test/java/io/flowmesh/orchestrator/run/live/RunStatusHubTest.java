package io.flowmesh.orchestrator.run.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class RunStatusHubTest {

  private static final TenantId A = TenantId.of("tenant-a");
  private static final TenantId B = TenantId.of("tenant-b");

  /** Counts what the hub asks of its feed; the Kafka one is proven in RunStatusStreamIT. */
  private static final class CountingFeed implements RunStatusFeed {
    int opened;
    int closed;
    BiConsumer<TenantId, RunStatusChange> sink;

    @Override
    public void open(BiConsumer<TenantId, RunStatusChange> sink) {
      opened++;
      this.sink = sink;
    }

    @Override
    public void close() {
      closed++;
    }

    @Override
    public boolean isOpen() {
      return opened > closed;
    }

    @Override
    public boolean awaitReading(Duration timeout) {
      return true;
    }
  }

  private final CountingFeed feed = new CountingFeed();
  private final RunStatusHub hub = new RunStatusHub(feed);

  @Test
  void theFeedReadsFromTheFirstSubscriptionToTheEndOfTheLast() {
    assertThat(feed.isOpen()).isFalse();

    RunStatusHub.Subscription first = hub.subscribe(A, change -> {});
    RunStatusHub.Subscription second = hub.subscribe(B, change -> {});
    assertThat(feed.opened).isEqualTo(1);

    first.close();
    first.close(); // twice does no harm, and does not count twice
    assertThat(feed.isOpen()).isTrue();

    second.close();
    assertThat(feed.isOpen()).isFalse();
    assertThat(feed.closed).isEqualTo(1);

    hub.subscribe(A, change -> {}).close();
    assertThat(feed.opened).isEqualTo(2);
    assertThat(feed.closed).isEqualTo(2);
  }

  @Test
  void aChangeReachesItsTenantsSubscribersOnly() {
    List<RunStatusChange> seenByA = new ArrayList<>();
    List<RunStatusChange> seenByB = new ArrayList<>();
    hub.subscribe(A, seenByA::add);
    hub.subscribe(B, seenByB::add);
    RunStatusChange change = new RunStatusChange("run-1", "hello", "RUNNING", Instant.EPOCH);

    feed.sink.accept(A, change);

    assertThat(seenByA).containsExactly(change);
    assertThat(seenByB).isEmpty();
  }

  @Test
  void aSubscriberThatThrowsDoesNotStopTheOthers() {
    List<RunStatusChange> seen = new ArrayList<>();
    hub.subscribe(
        A,
        change -> {
          throw new IllegalStateException("client gone");
        });
    hub.subscribe(A, seen::add);

    feed.sink.accept(A, new RunStatusChange("run-1", null, "FAILED", Instant.EPOCH));

    assertThat(seen).hasSize(1);
  }
}
