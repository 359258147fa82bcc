package io.flowmesh.chaos;

import io.flowmesh.chaos.Load.Accepted;
import io.flowmesh.chaos.Load.Workflow;
import io.flowmesh.chaos.WebhookReceiver.Received;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What must hold after a chaos run, checked against what the clients saw (the gateway's answers,
 * the counting server, the webhook receiver) and what the platform recorded (run history, the
 * database). Waits first, up to a deadline, for the platform to settle: what has not settled by
 * then is reported as stuck.
 */
final class Invariants {

  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
  private static final Set<String> ACTIVE = Set.of("RUNNING", "WAITING", "PAUSED", "PENDING");
  private static final String RUN_STARTED = "io.flowmesh.run.started.v1";
  private static final String RUN_COMPLETED = "io.flowmesh.run.completed.v1";
  private static final String NODE_STARTED = "io.flowmesh.run.node.started.v1";
  private static final String NODE_COMPLETED = "io.flowmesh.run.node.completed.v1";

  /** Events a run sends once (per node attempt for the node events). */
  private static final Set<String> ONCE_PER_ATTEMPT =
      Set.of(RUN_STARTED, RUN_COMPLETED, NODE_STARTED, NODE_COMPLETED);

  /** Violations listed per kind before "and N more". */
  private static final int LISTED = 10;

  private final Gateway gateway;
  private final Database database;
  private final CountingServer counting;
  private final WebhookReceiver receiver;
  private final Consumer<String> log;
  private final Map<String, List<String>> violations = new LinkedHashMap<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  Invariants(
      Gateway gateway,
      Database database,
      CountingServer counting,
      WebhookReceiver receiver,
      Consumer<String> log) {
    this.gateway = gateway;
    this.database = database;
    this.counting = counting;
    this.receiver = receiver;
    this.log = log;
  }

  /** The violations, by invariant; empty if all held. */
  Map<String, List<String>> violations() {
    return violations;
  }

  Map<String, Object> figures() {
    return figures;
  }

  void check(List<Accepted> accepted, long drainDeadline) {
    long drainBegin = System.nanoTime();
    List<String> runIds = accepted.stream().map(Accepted::runId).toList();
    Map<String, String> statuses =
        settle("runs", drainDeadline, () -> database.statuses(runIds), this::allTerminal);
    Set<String> completed =
        statuses.entrySet().stream()
            .filter(entry -> entry.getValue().equals("COMPLETED"))
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    settle(
        "webhook deliveries",
        drainDeadline,
        database::deliveries,
        deliveries ->
            deliveries.stream().noneMatch(d -> d.status().equals("PENDING"))
                && runsWithEventType(RUN_COMPLETED).containsAll(completed));
    settle(
        "outbox",
        drainDeadline,
        database::outboxRows,
        rows -> rows.values().stream().allMatch(count -> count == 0));
    figures.put("drain", FaultInjector.seconds(Duration.ofNanos(System.nanoTime() - drainBegin)));

    checkRunsEnded(accepted, statuses);
    Map<String, List<JsonNode>> histories = histories(accepted, completed);
    checkNodesRecordedOnce(accepted, histories);
    checkWebhooks(accepted, histories);
    checkNothingStuck();
  }

  private void checkRunsEnded(List<Accepted> accepted, Map<String, String> statuses) {
    figures.put("runs accepted", accepted.size());
    for (Workflow workflow : Workflow.values()) {
      figures.put(
          "  " + workflow.id, accepted.stream().filter(a -> a.workflow() == workflow).count());
    }
    for (Accepted run : accepted) {
      String status = statuses.get(run.runId());
      if (status == null) {
        violate("every accepted run reached its end state", run.runId() + " is lost");
      } else if (!status.equals("COMPLETED")) {
        violate(
            "every accepted run reached its end state",
            run.runId() + " (" + run.workflow().id + ") is " + status);
      }
    }
  }

  private Map<String, List<JsonNode>> histories(List<Accepted> accepted, Set<String> completed) {
    Map<String, List<JsonNode>> histories = new HashMap<>();
    for (Accepted run : accepted) {
      if (!completed.contains(run.runId())) {
        continue;
      }
      gateway
          .getJson("/api/v1/runs/" + run.runId() + "/history", Duration.ofSeconds(20))
          .ifPresentOrElse(
              rows -> {
                List<JsonNode> attempts = new ArrayList<>();
                rows.forEach(attempts::add);
                histories.put(run.runId(), attempts);
              },
              () -> violate("history readable", run.runId() + ": no history"));
    }
    return histories;
  }

  private void checkNodesRecordedOnce(
      List<Accepted> accepted, Map<String, List<JsonNode>> histories) {
    int failedAttempts = 0;
    int sideEffects = 0;
    for (Accepted run : accepted) {
      List<JsonNode> history = histories.get(run.runId());
      if (history == null) {
        continue;
      }
      for (JsonNode attempt : history) {
        if (!attempt.path("status").asString().equals("COMPLETED")) {
          failedAttempts++;
        }
      }
      for (String node : run.workflow().nodes) {
        List<JsonNode> done =
            history.stream()
                .filter(a -> a.path("nodeId").asString().equals(node))
                .filter(a -> a.path("status").asString().equals("COMPLETED"))
                .toList();
        if (done.size() != 1) {
          violate(
              node.equals("wait") ? "no timer fired twice" : "each node recorded once",
              run.runId() + " node " + node + " completed " + done.size() + " times");
        }
        if (node.equals("two") && done.size() == 1) {
          String executionId = done.getFirst().path("executionId").asString();
          int calls = counting.calls(executionId);
          sideEffects++;
          if (calls == 0) {
            violate(
                "each node's side effect happened at least once",
                run.runId() + " node two (" + executionId + ") completed, never called");
          }
        }
      }
    }
    figures.put("node attempts that failed and were retried", failedAttempts);
    figures.put("side effects checked (HTTP function calls)", sideEffects);
    figures.put("  calls received in all", counting.totalCalls());
    figures.put(
        "  keys called more than once (allowed: at least once)", counting.keysCalledMoreThanOnce());
    if (counting.callsWithoutKey() > 0) {
      violate(
          "HTTP functions carry an Idempotency-Key",
          counting.callsWithoutKey() + " calls had none");
    }
  }

  private void checkWebhooks(List<Accepted> accepted, Map<String, List<JsonNode>> histories) {
    receiver
        .badSignatures()
        .forEach(bad -> violate("every webhook is signed by its subscription's secret", bad));
    List<Received> received = receiver.received();
    figures.put("webhook deliveries confirmed", received.size());
    figures.put("  redeliveries of a confirmed webhook-id (allowed)", receiver.redeliveries());
    figures.put("  attempts refused by the failing receiver", receiver.refused());

    Map<String, List<Received>> byEvent =
        received.stream().collect(Collectors.groupingBy(Received::eventId));
    byEvent.forEach(
        (eventId, copies) -> {
          if (copies.size() > 1) {
            violate(
                "one event, one delivery per subscription",
                eventId + " delivered as " + copies.stream().map(Received::webhookId).toList());
          }
        });

    Map<String, List<Received>> byRun =
        received.stream().collect(Collectors.groupingBy(Received::runId));
    for (Accepted run : accepted) {
      List<JsonNode> history = histories.get(run.runId());
      if (history == null) {
        continue;
      }
      checkRunSequence(run, byRun.getOrDefault(run.runId(), List.of()), history);
    }

    try {
      Map<String, List<Database.Delivery>> queues =
          database.deliveries().stream()
              .collect(
                  Collectors.groupingBy(
                      d -> d.subscriptionId() + "/" + d.key(),
                      LinkedHashMap::new,
                      Collectors.toList()));
      Map<String, Received> byWebhookId = receiver.byWebhookId();
      figures.put("webhook keys (queues)", queues.size());
      queues.forEach(
          (queue, deliveries) -> {
            long last = 0;
            for (Database.Delivery delivery : deliveries) {
              Received got = byWebhookId.get(delivery.id());
              if (got == null) {
                violate(
                    "every webhook sequence per key complete",
                    queue
                        + " seq "
                        + delivery.seq()
                        + " ("
                        + delivery.status()
                        + ") never arrived");
                continue;
              }
              if (got.arrival() < last) {
                violate(
                    "every webhook sequence per key in order",
                    queue + " seq " + delivery.seq() + " arrived before its predecessor");
              }
              last = got.arrival();
            }
          });
    } catch (SQLException e) {
      violate("database readable", e.getMessage());
    }
  }

  /** A run's events at its receiver: started first, completed last, each node attempt once. */
  private void checkRunSequence(Accepted run, List<Received> events, List<JsonNode> history) {
    String invariant = "every webhook sequence per key complete and in order";
    if (events.isEmpty()) {
      violate(invariant, run.runId() + ": no event arrived");
      return;
    }
    if (!events.getFirst().type().equals(RUN_STARTED)
        || !events.getLast().type().equals(RUN_COMPLETED)) {
      violate(
          invariant,
          run.runId()
              + ": first "
              + events.getFirst().type()
              + ", last "
              + events.getLast().type());
    }
    Set<String> started = new HashSet<>();
    Set<String> completedAttempts = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (Received event : events) {
      String attempt = event.nodeId() + "#" + event.attempt();
      if (ONCE_PER_ATTEMPT.contains(event.type())
          && !seen.add(event.type() + " " + (event.nodeId().isEmpty() ? "" : attempt))) {
        violate(
            event.nodeId().equals("wait") && event.type().equals(NODE_COMPLETED)
                ? "no timer fired twice"
                : "each event published once",
            run.runId() + ": " + event.type() + " " + attempt + " twice, as another event");
      }
      if (event.type().equals(NODE_STARTED)) {
        started.add(attempt);
      } else if (event.type().equals(NODE_COMPLETED)) {
        if (!started.contains(attempt)) {
          violate(invariant, run.runId() + ": " + attempt + " completed before it started");
        }
        completedAttempts.add(attempt);
      }
    }
    Set<String> recorded =
        history.stream()
            .filter(a -> a.path("status").asString().equals("COMPLETED"))
            .map(a -> a.path("nodeId").asString() + "#" + a.path("attempt").asInt())
            .collect(Collectors.toSet());
    if (!completedAttempts.equals(recorded)) {
      violate(
          invariant,
          run.runId() + ": node.completed for " + completedAttempts + ", history " + recorded);
    }
  }

  private void checkNothingStuck() {
    try {
      Map<String, Long> runs = database.runsByStatus();
      figures.put("runs in the database by status", runs);
      runs.forEach(
          (status, count) -> {
            if (ACTIVE.contains(status)) {
              violate("no stuck run", count + " runs still " + status);
            }
          });
      List<Database.Delivery> pending =
          database.deliveries().stream().filter(d -> !d.status().equals("DELIVERED")).toList();
      pending.forEach(
          d -> violate("no stuck delivery", d.id() + " " + d.key() + " is " + d.status()));
      database
          .outboxRows()
          .forEach(
              (schema, count) -> {
                if (count > 0) {
                  violate("no stuck outbox row", schema + ".outbox holds " + count + " rows");
                }
              });
      long overdue = database.overdueTimers(30);
      if (overdue > 0) {
        violate("no stuck timer", overdue + " timers overdue by more than 30 s");
      }
    } catch (SQLException e) {
      violate("database readable", e.getMessage());
    }
  }

  private Set<String> runsWithEventType(String type) {
    return receiver.received().stream()
        .filter(r -> r.type().equals(type))
        .map(Received::runId)
        .collect(Collectors.toSet());
  }

  private boolean allTerminal(Map<String, String> statuses) {
    return statuses.values().stream().allMatch(TERMINAL::contains);
  }

  interface Query<T> {
    T run() throws SQLException;
  }

  /** Polls {@code query} until {@code settled} or the deadline; returns the last result. */
  private <T> T settle(String what, long deadline, Query<T> query, Predicate<T> settled) {
    T last = null;
    while (true) {
      try {
        last = query.run();
        if (settled.test(last)) {
          return last;
        }
      } catch (SQLException e) {
        // the database may still be recovering from the last fault
      }
      if (System.nanoTime() > deadline) {
        log.accept("not settled by the deadline: " + what);
        if (last == null) {
          throw new IllegalStateException("The database did not answer: " + what);
        }
        return last;
      }
      Gateway.sleep(1_000);
    }
  }

  private void violate(String invariant, String detail) {
    violations.computeIfAbsent(invariant, k -> new ArrayList<>()).add(detail);
  }

  /** The report: figures, then each violated invariant with its first cases. */
  String report() {
    StringBuilder out = new StringBuilder();
    figures.forEach((name, value) -> out.append(String.format("  %-55s %s%n", name, value)));
    if (violations.isEmpty()) {
      out.append("  every invariant held\n");
    }
    violations.forEach(
        (invariant, cases) -> {
          out.append("  VIOLATED: ")
              .append(invariant)
              .append(" (")
              .append(cases.size())
              .append(")\n");
          cases.stream().limit(LISTED).forEach(c -> out.append("    ").append(c).append('\n'));
          if (cases.size() > LISTED) {
            out.append("    and ").append(cases.size() - LISTED).append(" more\n");
          }
        });
    return out.toString();
  }
}
