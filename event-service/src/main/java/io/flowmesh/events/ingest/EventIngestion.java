package io.flowmesh.events.ingest;

import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.events.store.AcceptedEvent;
import io.flowmesh.events.store.EventOrigin;
import io.flowmesh.events.store.EventStore;
import io.flowmesh.events.store.NewEvent;
import io.flowmesh.events.trigger.TriggerEvaluator;
import io.flowmesh.events.trigger.TriggerEvent;
import io.flowmesh.groupcommit.GroupCommit;
import io.flowmesh.model.TenantId;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepting admitted events: stored, and each one stored for the first time run through the
 * tenant's triggers, in one transaction. An event that is accepted has its evaluations and its run
 * start requests, or the request fails and nothing of it is kept. Each event {@link #accept} stores
 * for the first time (sent to the API, to a hook, or by a publish-event node) is also published for
 * correlation with waiting runs, in the same transaction ({@link AcceptedEventsPublisher}); a run's
 * lifecycle events are not: the orchestrator has them.
 *
 * <p>Events from inside the platform fire triggers only when they are a run's lifecycle events
 * ({@link #acceptRunEvents}): their run's depth in a chain of runs that started each other is known
 * (event-service started the run, or it is a chain's first), so a trigger can stop a loop at the
 * configured depth. Events of publish-event nodes are stored without firing triggers: the run that
 * published one does not travel with it yet, and without it a workflow that publishes the event
 * that starts it would start itself without end.
 */
@Service
public class EventIngestion {

  private final EventStore store;
  private final TriggerEvaluator triggers;
  private final StartedRuns startedRuns;
  private final AcceptedEventsPublisher publisher;
  private final GroupCommit<Sent, List<AcceptedEvent>> sentTogether;

  EventIngestion(
      EventStore store,
      TriggerEvaluator triggers,
      StartedRuns startedRuns,
      AcceptedEventsPublisher publisher,
      PlatformTransactionManager transactionManager,
      IngestProperties properties,
      MeterRegistry meters) {
    this.store = store;
    this.triggers = triggers;
    this.startedRuns = startedRuns;
    this.publisher = publisher;
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);
    DistributionSummary groupSizes =
        DistributionSummary.builder("flowmesh.events.ingest.group.size")
            .description("Requests whose events were stored together in one transaction")
            .baseUnit("requests")
            .register(meters);
    this.sentTogether =
        new GroupCommit<>(
            properties.maxGroupSize(),
            group -> transactions.execute(status -> storeTogether(group)),
            sent -> transactions.execute(status -> store(sent)),
            groupSizes::record);
  }

  /**
   * Stores the events of one request to the API and runs the triggers, as {@link #accept} does, in
   * a transaction shared with the requests that arrive at the same time ({@link GroupCommit}):
   * under load, single events share their commit, their outbox round and their Kafka batch instead
   * of paying for one each. A request alone is written at once; a failed group is written again one
   * request at a time, so a request fails only for its own events.
   */
  public List<AcceptedEvent> acceptSent(TenantId tenant, List<NewEvent> events) {
    return sentTogether.write(new Sent(tenant, EventOrigin.API, events));
  }

  /** Requests waiting to be stored: for tests that need a group to form. */
  int queuedRequests() {
    return sentTogether.queued();
  }

  /** Requests sent together: each tenant's events are stored as one batch, answered per request. */
  private List<List<AcceptedEvent>> storeTogether(List<Sent> group) {
    Map<TenantId, List<Sent>> byTenant = new LinkedHashMap<>();
    for (Sent sent : group) {
      byTenant.computeIfAbsent(sent.tenant(), tenant -> new ArrayList<>()).add(sent);
    }
    Map<Sent, List<AcceptedEvent>> answers = new IdentityHashMap<>();
    byTenant.forEach(
        (tenant, sentByTenant) -> {
          List<NewEvent> events = new ArrayList<>();
          sentByTenant.forEach(sent -> events.addAll(sent.events()));
          List<AcceptedEvent> accepted = store(new Sent(tenant, EventOrigin.API, events));
          int from = 0;
          for (Sent sent : sentByTenant) {
            int to = from + sent.events().size();
            answers.put(sent, accepted.subList(from, to));
            from = to;
          }
        });
    return group.stream().map(answers::get).toList();
  }

  /** Stores events from outside (or, without triggers, published ones) and runs the triggers. */
  @Transactional
  public List<AcceptedEvent> accept(TenantId tenant, EventOrigin origin, List<NewEvent> events) {
    return store(new Sent(tenant, origin, events));
  }

  private List<AcceptedEvent> store(Sent sent) {
    TenantId tenant = sent.tenant();
    EventOrigin origin = sent.origin();
    List<NewEvent> events = sent.events();
    List<AcceptedEvent> accepted = store.store(tenant, origin, events);
    publisher.published(tenant, events, accepted);
    if (origin != EventOrigin.PLATFORM) {
      evaluate(tenant, events, accepted, event -> 0);
    }
    return accepted;
  }

  /**
   * Stores lifecycle events of runs (each with the run's id as its subject) and runs the triggers
   * with each run's depth in its chain: the depth event-service recorded when it started the run,
   * or 0 for a run started otherwise (a chain's first).
   */
  @Transactional
  public List<AcceptedEvent> acceptRunEvents(TenantId tenant, List<NewEvent> events) {
    List<AcceptedEvent> accepted = store.store(tenant, EventOrigin.PLATFORM, events);
    evaluate(
        tenant,
        events,
        accepted,
        event ->
            event.subject() == null
                ? 0
                : startedRuns.chainDepth(tenant, event.subject()).orElse(0));
    return accepted;
  }

  private void evaluate(
      TenantId tenant,
      List<NewEvent> events,
      List<AcceptedEvent> accepted,
      ToIntFunction<NewEvent> chainDepth) {
    triggers.evaluate(tenant, () -> firstTime(events, accepted, chainDepth));
  }

  private static List<TriggerEvent> firstTime(
      List<NewEvent> events, List<AcceptedEvent> accepted, ToIntFunction<NewEvent> chainDepth) {
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
                event.extensions(),
                chainDepth.applyAsInt(event)));
      }
    }
    return firstTime;
  }

  /** The events of one request, with where they came from. */
  private record Sent(TenantId tenant, EventOrigin origin, List<NewEvent> events) {}
}
