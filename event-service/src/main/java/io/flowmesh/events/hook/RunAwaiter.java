package io.flowmesh.events.hook;

import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.events.store.EventFilter;
import io.flowmesh.events.store.EventQueries;
import io.flowmesh.events.store.StoredEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Waits for the run a hook's delivery started to end, by reading what the run events consumer of
 * any replica recorded: the end on the started run, and the end event in the store. The wait polls
 * the database (every 100 ms) on the caller's thread, a virtual one in a request.
 */
@Component
class RunAwaiter {

  private static final Duration POLL = Duration.ofMillis(100);

  private static final Map<String, String> END_TYPES =
      Map.of(
          "completed", EventTypes.RUN_COMPLETED,
          "failed", EventTypes.RUN_FAILED,
          "cancelled", EventTypes.RUN_CANCELLED);

  private final StartedRuns runs;
  private final EventQueries events;

  RunAwaiter(StartedRuns runs, EventQueries events) {
    this.runs = runs;
    this.events = events;
  }

  /**
   * @return how the run ended, or empty if it has not within the timeout
   */
  Optional<RunOutcome> await(TenantId tenant, String runId, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> status = runs.endStatus(tenant, runId);
      if (status.isPresent()) {
        return Optional.of(
            new RunOutcome(runId, status.get(), endData(tenant, runId, status.get())));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, left / 1_000_000)));
    }
  }

  private Object endData(TenantId tenant, String runId, String status) {
    String type = END_TYPES.get(status);
    if (type == null) {
      return null;
    }
    List<StoredEvent> found =
        events.list(
            tenant,
            new EventFilter(type, null, runId, Instant.now().minus(Duration.ofDays(1)), null),
            new PageRequest(1, ""));
    return found.isEmpty() ? null : found.getFirst().event().get("data");
  }
}
