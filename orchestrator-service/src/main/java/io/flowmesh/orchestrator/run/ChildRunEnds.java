package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.engine.TimerKind;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.orchestrator.timer.TimerSignal;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the parent of a run that just ended: if a sub-workflow node waits for the run, a {@link
 * TimerKind#CHILD_ENDED} timer due at once is written in the transaction that ends the run. The
 * parent advances when the timer fires, in a transaction of its own that locks only the parent, so
 * no transaction locks two runs and none is lost: the timer commits with the child's end, and
 * {@code FOR UPDATE SKIP LOCKED} fires it once, on whichever replica claims it first (ADR 0017).
 */
@Component
class ChildRunEnds {

  private final SubRunRepository links;
  private final TimerRepository timers;
  private final TimerSignal timerSignal;
  private final JsonMapper json;

  ChildRunEnds(
      SubRunRepository links, TimerRepository timers, TimerSignal timerSignal, JsonMapper json) {
    this.links = links;
    this.timers = timers;
    this.timerSignal = timerSignal;
    this.json = json;
  }

  /**
   * In the transaction that ends the run {@code ended.runId()}: wakes its parent, if it has one.
   */
  void ended(ChildRunOutcome ended) {
    Optional<SubRunRepository.Link> link = links.ofChild(ended.tenant(), ended.runId());
    if (link.isEmpty()) {
      return;
    }
    SubRunRepository.Link waiting = link.get();
    Instant now = Instant.now();
    timers.insert(
        ended.tenant(),
        waiting.parentRunId(),
        waiting.parentNodeId(),
        waiting.parentExecutionId(),
        1,
        TimerKind.CHILD_ENDED,
        now,
        json.writeValueAsString(new ChildRunOutcome.Stored(ended)));
    timerSignal.afterCommit(now);
  }
}
