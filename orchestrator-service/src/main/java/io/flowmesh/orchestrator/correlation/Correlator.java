package io.flowmesh.orchestrator.correlation;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.correlation.BufferedEvents.Buffered;
import io.flowmesh.orchestrator.correlation.EventWaits.OpenWait;
import io.flowmesh.orchestrator.engine.TimerKind;
import io.flowmesh.orchestrator.timer.TimerRepository;
import io.flowmesh.orchestrator.timer.TimerSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Matches events with waits of the same tenant and event name, from both sides: events that arrive
 * (against the open waits) and waits that were recorded (against the events buffered within the
 * window). Both run under an exclusive transaction-scoped advisory lock on (tenant, event name), so
 * one always sees what the other committed: an event and a wait that race are matched by whichever
 * comes second. Neither side locks a run (ADR 0036): a match becomes an {@link
 * TimerKind#EVENT_CORRELATED} timer, due at once, applied under the run's lock by the timer poller.
 *
 * <p>An arriving event resumes every open wait it matches (at most once per run and node, so a
 * redelivery changes nothing); a new wait is resolved by the earliest matching buffered event that
 * has not resumed any node of its run yet.
 */
@Service
class Correlator {

  /** The first key of the correlation's advisory locks, apart from every other lock's. */
  private static final int LOCK_SPACE = 36;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final EventWaits waits;
  private final BufferedEvents buffer;
  private final TimerRepository timers;
  private final TimerSignal timerSignal;
  private final CorrelationProperties properties;
  private final JsonMapper json;
  private final CorrelationMatch match;
  private final Counter matched;

  Correlator(
      JdbcClient jdbc,
      EventWaits waits,
      BufferedEvents buffer,
      TimerRepository timers,
      TimerSignal timerSignal,
      CorrelationProperties properties,
      JsonMapper json,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.waits = waits;
    this.buffer = buffer;
    this.timers = timers;
    this.timerSignal = timerSignal;
    this.properties = properties;
    this.json = json;
    this.match = new CorrelationMatch(json);
    this.matched =
        Counter.builder("flowmesh.orchestrator.correlation.matched")
            .description("Waiting nodes an accepted event was matched to")
            .register(meters);
  }

  /** A tenant's event name: the unit the correlation locks. */
  record Name(TenantId tenant, String eventName) {
    /** Unambiguous (the tenant's length first) and free of NUL, which PostgreSQL text refuses. */
    String lockKey() {
      return tenant.value().length() + ":" + tenant.value() + "/" + eventName;
    }
  }

  /**
   * Buffers the events of a poll and resumes the open waits each new one matches, in one
   * transaction; a redelivered event is not new and changes nothing.
   */
  @Transactional
  public void arrived(Map<Name, List<Buffered>> events) {
    lock(events.keySet());
    events.forEach(
        (name, batch) -> {
          Set<String> fresh = buffer.buffer(name.tenant(), batch);
          if (fresh.isEmpty()) {
            return;
          }
          List<OpenWait> open = new ArrayList<>(waits.open(name.tenant(), name.eventName()));
          for (Buffered event : batch) {
            if (!fresh.remove(event.storedId()) || open.isEmpty()) {
              continue;
            }
            Object celEvent = match.event(event.eventJson());
            // every wait it matches: another run waiting for the same order is resumed too
            open.removeIf(
                wait -> match.matches(wait, celEvent) && resolve(name, wait, event, false));
          }
        });
  }

  /**
   * Checks the waits of the name recorded since the last check against the events buffered within
   * the window: each is resolved by the earliest event it matches.
   */
  @Transactional
  public void checkNewWaits(Name name) {
    lock(Set.of(name));
    List<OpenWait> unchecked = waits.unchecked(name.tenant(), name.eventName());
    if (!unchecked.isEmpty()) {
      List<Buffered> buffered =
          buffer.within(name.tenant(), name.eventName(), properties.bufferWindow());
      Map<String, Object> celEvents = new HashMap<>();
      for (OpenWait wait : unchecked) {
        for (Buffered event : buffered) {
          Object celEvent =
              celEvents.computeIfAbsent(event.storedId(), id -> match.event(event.eventJson()));
          if (match.matches(wait, celEvent) && resolve(name, wait, event, true)) {
            break;
          }
        }
      }
    }
    waits.checked(
        name.tenant(), name.eventName(), unchecked.stream().map(OpenWait::executionId).toList());
  }

  /**
   * True if the event resumes the wait; false if it resumed that node of the run before, or, for a
   * buffered event ({@code oncePerRun}), any node of the run.
   */
  private boolean resolve(Name name, OpenWait wait, Buffered event, boolean oncePerRun) {
    if (!buffer.correlate(
        name.tenant(),
        wait.runId(),
        wait.nodeId(),
        wait.executionId(),
        event.storedId(),
        oncePerRun)) {
      return false;
    }
    waits.resolve(name.tenant(), wait.executionId(), event.storedId());
    Instant now = Instant.now();
    timers.insert(
        name.tenant(),
        wait.runId(),
        wait.nodeId(),
        wait.executionId(),
        wait.attempt(),
        TimerKind.EVENT_CORRELATED,
        now,
        json.writeValueAsString(
            new CorrelatedEvent(event.storedId(), json.readValue(event.eventJson(), MAP))));
    timerSignal.afterCommit(now);
    matched.increment();
    return true;
  }

  /**
   * Takes the names' locks in one order (by key), so two transactions that need several never wait
   * for each other in a cycle; no other lock is taken while they are held.
   */
  private void lock(Set<Name> names) {
    jdbc.sql(
            "SELECT pg_advisory_xact_lock(:space, l.key) FROM (SELECT DISTINCT hashtext(n) AS key"
                + " FROM unnest(CAST(:names AS text[])) AS n ORDER BY 1) AS l")
        .param("space", LOCK_SPACE)
        .param("names", names.stream().map(Name::lockKey).toArray(String[]::new))
        .query((rs, i) -> 1)
        .list();
  }
}
