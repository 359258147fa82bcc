package io.flowmesh.events.replay;

import io.flowmesh.events.store.EventFilter;
import io.flowmesh.events.store.EventQueries;
import io.flowmesh.events.store.StoredEvent;
import io.flowmesh.events.trigger.Evaluation;
import io.flowmesh.events.trigger.Replay;
import io.flowmesh.events.trigger.StoredTriggerEvents;
import io.flowmesh.events.trigger.TriggerEvaluator;
import io.flowmesh.events.trigger.TriggerEvent;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.paging.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replays stored events through the triggers, in one transaction: a replay that fails, or finds
 * more events than it may replay, leaves nothing behind. Run lifecycle events replay with their
 * run's chain depth; events of publish-event nodes are skipped, as they are when first stored.
 */
@Service
class ReplayService {

  /** At most this many events in one replay: one transaction's worth. */
  static final int MAX_EVENTS = 10_000;

  /** The answer lists this many evaluations; the counts cover them all. */
  static final int LISTED = 100;

  private static final int PAGE = 500;

  private final EventQueries queries;
  private final TriggerEvaluator evaluator;
  private final StoredTriggerEvents triggerEvents;

  ReplayService(
      EventQueries queries, TriggerEvaluator evaluator, StoredTriggerEvents triggerEvents) {
    this.queries = queries;
    this.evaluator = evaluator;
    this.triggerEvents = triggerEvents;
  }

  @Transactional
  ReplayResult replay(TenantId tenant, ReplayRequest request) {
    EventFilter filter = request.filter();
    Replay replay =
        new Replay(
            UuidV7.prefixed("rpl"), request.triggerId(), request.isForced(), request.isDryRun());
    int events = 0;
    int skipped = 0;
    Map<String, Integer> outcomes = new TreeMap<>();
    List<Evaluation> listed = new ArrayList<>();
    String after = "";
    while (true) {
      List<StoredEvent> fetched = queries.list(tenant, filter, new PageRequest(PAGE, after));
      List<StoredEvent> page = fetched.size() > PAGE ? fetched.subList(0, PAGE) : fetched;
      events += page.size();
      if (events > MAX_EVENTS) {
        throw new InvalidRequestException(
            "to",
            "the range holds more than "
                + MAX_EVENTS
                + " events; replay it in shorter ranges or narrow it by type, source or subject");
      }
      List<TriggerEvent> replayable = new ArrayList<>(page.size());
      for (StoredEvent stored : page) {
        TriggerEvent event = triggerEvents.of(tenant, stored);
        if (event == null) {
          skipped++;
        } else {
          replayable.add(event);
        }
      }
      for (Evaluation evaluation : evaluator.replay(tenant, replayable, replay)) {
        outcomes.merge(evaluation.outcome(), 1, Integer::sum);
        if (listed.size() < LISTED) {
          listed.add(evaluation);
        }
      }
      if (fetched.size() <= PAGE) {
        break;
      }
      after = page.getLast().id();
    }
    return new ReplayResult(
        replay.id(), replay.dryRun(), events, skipped, outcomes, List.copyOf(listed));
  }
}
