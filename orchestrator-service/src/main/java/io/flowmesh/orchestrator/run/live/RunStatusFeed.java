package io.flowmesh.orchestrator.run.live;

import io.flowmesh.model.TenantId;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Where the {@link RunStatusHub}'s changes come from. It reads only while the hub has subscribers:
 * reading every run event of the platform for streams nobody watches would cost every run.
 */
public interface RunStatusFeed {

  /** Starts reading into {@code sink}, from what happens from now on; does nothing if it reads. */
  void open(BiConsumer<TenantId, RunStatusChange> sink);

  /** Stops reading; does nothing if it does not read. */
  void close();

  /** Whether it reads now. */
  boolean isOpen();

  /**
   * Waits until an {@link #open} feed reads from the present, so that a subscriber sees every
   * change from the moment this returns true.
   *
   * @return false if it did not get there within {@code timeout} (it keeps trying)
   */
  boolean awaitReading(Duration timeout);
}
