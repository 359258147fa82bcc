package io.flowmesh.events.ingest;

import io.flowmesh.events.store.AcceptedEvent;
import io.flowmesh.events.store.EventOrigin;
import io.flowmesh.events.store.EventStore;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.events.trigger.TriggerEvaluator;
import io.flowmesh.events.trigger.TriggerEvent;
import io.flowmesh.model.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepting admitted events: stored, and each one stored for the first time run through the
 * tenant's triggers, in one transaction. An event that is accepted has its evaluations and its run
 * start requests, or the request fails and nothing of it is kept.
 *
 * <p>Events from inside the platform are stored but do not fire triggers yet: a run's events could
 * start the workflow that emitted them, without end, until the hop count that stops such chains
 * travels with them.
 */
@Service
public class EventIngestion {

  private final EventStore store;
  private final TriggerEvaluator triggers;

  EventIngestion(EventStore store, TriggerEvaluator triggers) {
    this.store = store;
    this.triggers = triggers;
  }

  @Transactional
  public List<AcceptedEvent> accept(TenantId tenant, EventOrigin origin, List<NewEvent> events) {
    List<AcceptedEvent> accepted = store.store(tenant, origin, events);
    if (origin == EventOrigin.PLATFORM) {
      return accepted;
    }
    List<TriggerEvent> firstTime = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      AcceptedEvent result = accepted.get(i);
      if (!result.duplicate()) {
        NewEvent event = events.get(i);
        firstTime.add(
            new TriggerEvent(
                result.id(),
                event.eventId(),
                event.source(),
                event.type(),
                event.subject(),
                event.time(),
                event.jsonData(),
                event.extensions()));
      }
    }
    triggers.evaluate(tenant, firstTime);
    return accepted;
  }
}
