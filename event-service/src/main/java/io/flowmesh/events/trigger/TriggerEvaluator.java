package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.cel.CelExpressions.EvaluationFailure;
import io.flowmesh.cel.CelExpressions.Result;
import io.flowmesh.cel.CelValues;
import io.flowmesh.events.runs.StartedRuns;
import io.flowmesh.events.trigger.Gatherings.Gathering;
import io.flowmesh.model.TenantId;
import io.flowmesh.outbox.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs newly stored events through the tenant's enabled triggers, in the caller's transaction (the
 * one that stores them, ADR 0032): for each trigger that listens to an event's type, the filter is
 * evaluated, then either the run starts ({@link StartPass}: input, business key, chain depth,
 * concurrency limit) or, for a trigger that debounces or batches, the event is gathered until its
 * key's quiet period or batch is over ({@link #fire}). Every outcome is recorded.
 */
@Component
public class TriggerEvaluator {

  private final TriggerRepository triggers;
  private final Evaluations evaluations;
  private final Gatherings gatherings;
  private final StoredTriggerEvents storedEvents;
  private final CelExpressions expressions;
  private final StartedRuns startedRuns;
  private final Outbox outbox;
  private final JsonMapper json;
  private final int maxChainDepth;

  TriggerEvaluator(
      TriggerRepository triggers,
      Evaluations evaluations,
      Gatherings gatherings,
      StoredTriggerEvents storedEvents,
      CelExpressions triggerExpressions,
      StartedRuns startedRuns,
      Outbox outbox,
      JsonMapper json,
      TriggerProperties properties) {
    this.triggers = triggers;
    this.evaluations = evaluations;
    this.gatherings = gatherings;
    this.storedEvents = storedEvents;
    this.expressions = triggerExpressions;
    this.startedRuns = startedRuns;
    this.outbox = outbox;
    this.json = json;
    this.maxChainDepth = properties.maxChainDepth();
  }

  /**
   * Evaluates the events (each stored for the first time) against the tenant's triggers. The events
   * are built only when the tenant has an enabled trigger: building them can cost a query per event
   * (a run event's chain depth), on the path of every run.
   */
  public void evaluate(TenantId tenant, Supplier<List<TriggerEvent>> firstTime) {
    List<Trigger> enabled = triggers.enabled(tenant);
    if (enabled.isEmpty()) {
      return;
    }
    List<TriggerEvent> events = firstTime.get();
    if (events.isEmpty()) {
      return;
    }
    Pass pass = new Pass(tenant, null);
    pass.record(evaluate(events, enabled, Set.of(), pass));
  }

  /**
   * Evaluates stored events again, in the caller's transaction: with every enabled trigger or the
   * replay's one. An event the trigger evaluated before is a {@code duplicate} (not recorded)
   * unless the replay is forced; a forced replay's start has its own idempotency key, {@code
   * trigger:<trigger>:<event>:<replay>}. A dry run records and starts nothing.
   *
   * @return what each (trigger, event) pair came to, or would
   * @throws TriggerNotFoundException if the replay names a trigger the tenant does not have
   */
  public List<Evaluation> replay(TenantId tenant, List<TriggerEvent> events, Replay replay) {
    List<Trigger> chosen =
        replay.triggerId() == null
            ? triggers.enabled(tenant)
            : List.of(
                triggers
                    .find(tenant, replay.triggerId())
                    .orElseThrow(() -> new TriggerNotFoundException(replay.triggerId())));
    if (chosen.isEmpty() || events.isEmpty()) {
      return List.of();
    }
    Set<String> evaluated =
        replay.force()
            ? Set.of()
            : evaluations.evaluated(
                tenant,
                events.stream().map(TriggerEvent::storedId).toList(),
                chosen.stream().map(Trigger::id).toList());
    Pass pass = new Pass(tenant, replay);
    List<Evaluation> outcomes = evaluate(events, chosen, evaluated, pass);
    if (!replay.dryRun()) {
      pass.record(
          outcomes.stream().filter(e -> !e.outcome().equals(Evaluation.DUPLICATE)).toList());
    }
    return outcomes;
  }

  /**
   * Starts the run of a gathering whose time has come: for a debounce, the last event's run with
   * its input; for a batch, one run with the input {@code {"events": [<each event's input>]}}. The
   * gathered events' evaluations get the run (or why none started).
   */
  void fire(TenantId tenant, Trigger trigger, Gathering gathering) {
    Pass pass = new Pass(tenant, null);
    fire(trigger, gathering, pass, Instant.now());
    pass.record(List.of());
  }

  private List<Evaluation> evaluate(
      List<TriggerEvent> events, List<Trigger> chosen, Set<String> evaluated, Pass pass) {
    Instant now = Instant.now();
    List<Evaluation> outcomes = new ArrayList<>();
    for (TriggerEvent event : events) {
      Map<String, Object> variables = null;
      for (Trigger trigger : chosen) {
        if (!trigger.listensTo(event.type())) {
          continue;
        }
        if (evaluated.contains(trigger.id() + "/" + event.storedId())) {
          outcomes.add(
              new Evaluation(
                  trigger.id(),
                  event.storedId(),
                  Evaluation.DUPLICATE,
                  null,
                  "the trigger evaluated the event before; force the replay to start it again",
                  now));
          continue;
        }
        if (variables == null) {
          variables = variables(event);
        }
        Evaluation outcome = evaluate(trigger, event, variables, now, pass);
        outcomes.add(pass.starts.forced() ? outcome.inReplay(pass.starts.replay().id()) : outcome);
      }
    }
    return outcomes;
  }

  private Evaluation evaluate(
      Trigger trigger, TriggerEvent event, Map<String, Object> variables, Instant now, Pass pass) {
    String stage = "filter";
    try {
      if (trigger.filter() != null
          && !Boolean.TRUE.equals(expressions.evaluate(trigger.filter(), Result.BOOL, variables))) {
        return new Evaluation(
            trigger.id(), event.storedId(), Evaluation.FILTERED, null, "the filter is false", now);
      }
      // a forced replay starts each event's run: it is asked for event by event
      if (trigger.gathers() && !pass.starts.forced()) {
        stage = trigger.debounce() != null ? "debounce.key" : "batch.key";
        return gather(trigger, event, string(trigger.gatherKey(), variables, ""), now, pass);
      }
      stage = "input";
      Object input = input(trigger, event, variables);
      stage = "businessKey";
      String businessKey = string(trigger.businessKey(), variables, null);
      stage = "concurrency.key";
      String concurrencyKey = concurrencyKey(trigger, variables, businessKey);
      return pass.starts.start(trigger, event, input, businessKey, concurrencyKey, now);
    } catch (EvaluationFailure e) {
      return failed(trigger, event.storedId(), stage, e, now);
    }
  }

  /** Gathers the event for its key; a batch that is full starts its run at once. */
  private Evaluation gather(
      Trigger trigger, TriggerEvent event, String key, Instant now, Pass pass) {
    Instant due = now.plus(trigger.gatherWait());
    boolean dryRun = pass.starts.replay() != null && pass.starts.replay().dryRun();
    if (trigger.debounce() != null) {
      if (!dryRun) {
        gatherings
            .debounce(pass.tenant, trigger.id(), key, event.storedId(), now, due)
            .ifPresent(
                earlier ->
                    pass.afterRecording.add(
                        () ->
                            evaluations.gathered(
                                pass.tenant,
                                trigger.id(),
                                List.of(earlier),
                                Evaluation.DEBOUNCED,
                                null,
                                "superseded by " + event.storedId())));
      }
      return new Evaluation(
          trigger.id(),
          event.storedId(),
          Evaluation.DEBOUNCED,
          null,
          "waiting until "
              + trigger.debounce().period()
              + " pass without another event of key '"
              + key
              + "'",
          now);
    }
    int gathered =
        dryRun ? 1 : gatherings.batch(pass.tenant, trigger.id(), key, event.storedId(), now, due);
    if (gathered >= trigger.batch().maxEvents()) {
      gatherings
          .take(pass.tenant, trigger.id(), key)
          .ifPresent(full -> pass.afterRecording.add(() -> fire(trigger, full, pass, now)));
    }
    return new Evaluation(
        trigger.id(),
        event.storedId(),
        Evaluation.BATCHED,
        null,
        "in the batch of key '"
            + key
            + "' ("
            + gathered
            + " of "
            + trigger.batch().maxEvents()
            + ")",
        now);
  }

  private void fire(Trigger trigger, Gathering gathering, Pass pass, Instant now) {
    List<TriggerEvent> events = storedEvents.find(pass.tenant, gathering.eventIds());
    String gatheredOutcome = trigger.debounce() != null ? Evaluation.DEBOUNCED : Evaluation.BATCHED;
    if (events.isEmpty()) {
      evaluations.gathered(
          pass.tenant,
          trigger.id(),
          gathering.eventIds(),
          gatheredOutcome,
          null,
          "the events were no longer stored when the " + gatheredOutcome + " run was due");
      return;
    }
    TriggerEvent last = events.getLast();
    Map<String, Object> variables = variables(last);
    String stage = "input";
    Evaluation outcome;
    try {
      Object input;
      if (trigger.debounce() != null) {
        input = input(trigger, last, variables);
      } else {
        List<Object> inputs = new ArrayList<>(events.size());
        for (TriggerEvent event : events) {
          inputs.add(input(trigger, event, event == last ? variables : variables(event)));
        }
        input = Map.of("events", inputs);
      }
      stage = "businessKey";
      String businessKey = string(trigger.businessKey(), variables, null);
      stage = "concurrency.key";
      String concurrencyKey = concurrencyKey(trigger, variables, businessKey);
      outcome = pass.starts.start(trigger, last, input, businessKey, concurrencyKey, now);
    } catch (EvaluationFailure e) {
      outcome = failed(trigger, last.storedId(), stage, e, now);
    }
    if (trigger.debounce() != null) {
      evaluations.gathered(
          pass.tenant,
          trigger.id(),
          List.of(last.storedId()),
          outcome.outcome(),
          outcome.runId(),
          outcome.reason());
    } else {
      evaluations.gathered(
          pass.tenant,
          trigger.id(),
          gathering.eventIds(),
          outcome.outcome().equals(Evaluation.STARTED) ? Evaluation.BATCHED : outcome.outcome(),
          outcome.runId(),
          outcome.runId() != null
              ? "one run for the batch of "
                  + events.size()
                  + " events of key '"
                  + gathering.key()
                  + "'"
              : outcome.reason());
    }
  }

  private Map<String, Object> variables(TriggerEvent event) {
    return Map.of("event", event.celView(json));
  }

  private Object input(Trigger trigger, TriggerEvent event, Map<String, Object> variables)
      throws EvaluationFailure {
    return trigger.input() == null
        ? (event.jsonData() == null ? null : json.readValue(event.jsonData(), Object.class))
        : CelValues.toJson(expressions.evaluate(trigger.input(), Result.ANY, variables));
  }

  /** The concurrency key a limited trigger counts: its own expression, else the business key. */
  private String concurrencyKey(Trigger trigger, Map<String, Object> variables, String businessKey)
      throws EvaluationFailure {
    if (trigger.concurrency() == null) {
      return null;
    }
    return trigger.concurrency().key() != null
        ? string(trigger.concurrency().key(), variables, "")
        : (businessKey == null ? "" : businessKey);
  }

  private String string(String expression, Map<String, Object> variables, String absent)
      throws EvaluationFailure {
    return expression == null
        ? absent
        : (String) expressions.evaluate(expression, Result.STRING, variables);
  }

  private static Evaluation failed(
      Trigger trigger, String eventId, String stage, EvaluationFailure e, Instant now) {
    return new Evaluation(
        trigger.id(), eventId, Evaluation.FAILED, null, stage + ": " + e.getMessage(), now);
  }

  /**
   * One evaluation pass: its starts, and the changes to evaluations that must follow their insert
   * (an earlier event superseded, a full batch started, both possibly in this very pass).
   */
  private final class Pass {
    private final TenantId tenant;
    private final StartPass starts;
    private final List<Runnable> afterRecording = new ArrayList<>();

    private Pass(TenantId tenant, Replay replay) {
      this.tenant = tenant;
      this.starts = new StartPass(tenant, replay, startedRuns, outbox, maxChainDepth);
    }

    private void record(List<Evaluation> outcomes) {
      evaluations.insert(tenant, outcomes);
      afterRecording.forEach(Runnable::run);
      starts.record();
    }
  }
}
