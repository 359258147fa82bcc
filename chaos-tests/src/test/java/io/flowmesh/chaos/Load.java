package io.flowmesh.chaos;

import io.flowmesh.chaos.Gateway.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The mixed load, through the gateway only: three kinds of runs started at random by a few clients
 * (each start with an {@code Idempotency-Key}, tried again through outages), and an approver that
 * sends the approval every waiting gate needs. A run counts as accepted once a start was answered
 * 202; only accepted runs are promised anything.
 */
final class Load {

  /** The workflows the load starts, each with the nodes every run of it must complete once. */
  enum Workflow {
    /** trigger → core/echo → the counting HTTP function → core/echo → end */
    STEPS("chaos-steps", List.of("trigger", "one", "two", "three", "end")),
    /** trigger → a 3 s durable timer → core/echo → end */
    TIMER("chaos-timer", List.of("trigger", "wait", "after", "end")),
    /** trigger → an approval gate the approver opens → core/echo → end */
    APPROVAL("chaos-approval", List.of("trigger", "approval", "pay", "end"));

    final String id;
    final List<String> nodes;

    Workflow(String id, List<String> nodes) {
      this.id = id;
      this.nodes = nodes;
    }
  }

  /** A run whose start was answered 202. */
  record Accepted(String runId, Workflow workflow) {}

  private static final Duration START_PATIENCE = Duration.ofSeconds(40);
  private static final String RETRY =
      "\"retry\":{\"maxAttempts\":20,\"initialInterval\":\"PT1S\",\"maxInterval\":\"PT5S\"}";

  private final Gateway gateway;
  private final long seed;
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final Set<String> awaitingApproval = ConcurrentHashMap.newKeySet();
  private final Set<String> approved = ConcurrentHashMap.newKeySet();
  private final AtomicInteger startsGivenUp = new AtomicInteger();
  private final AtomicInteger startsRefused = new AtomicInteger();

  Load(Gateway gateway, long seed) {
    this.gateway = gateway;
    this.seed = seed;
  }

  /** The counting function, the three workflows and the subscription; returns its secret. */
  String prepare(String countingUrl, String receiverUrl) {
    require(
        "register chaos/count",
        gateway.post(
            "/api/v1/functions",
            """
            {"slug":"chaos/count","name":"Counting side effect","executionType":"http",
             "webhookUrl":"%s","timeoutSeconds":30,"webhookTimeoutSeconds":10}
            """
                .formatted(countingUrl),
            "chaos-function",
            START_PATIENCE));
    save(
        Workflow.STEPS,
        """
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"one","type":"action","config":{"function":"core/echo","input":{"n":"{{trigger.n}}"},%s}},
        {"id":"two","type":"action","config":{"function":"chaos/count","input":{"n":"{{trigger.n}}"},%s}},
        {"id":"three","type":"action","config":{"function":"core/echo","input":{"calls":"{{two.calls}}"},%s}},
        {"id":"end","type":"end","config":{}}"""
            .formatted(RETRY, RETRY, RETRY));
    save(
        Workflow.TIMER,
        """
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"wait","type":"timer","config":{"duration":"PT3S"}},
        {"id":"after","type":"action","config":{"function":"core/echo","input":{"n":"{{trigger.n}}"},%s}},
        {"id":"end","type":"end","config":{}}"""
            .formatted(RETRY));
    save(
        Workflow.APPROVAL,
        """
        {"id":"trigger","type":"trigger","config":{}},
        {"id":"approval","type":"approval-gate","config":{"eventName":"approved"}},
        {"id":"pay","type":"action","config":{"function":"core/echo","input":{"by":"{{approval.by}}"},%s}},
        {"id":"end","type":"end","config":{}}"""
            .formatted(RETRY));
    Answer subscription =
        require(
            "subscribe",
            gateway.post(
                "/api/v1/webhook-subscriptions",
                "{\"url\":\"" + receiverUrl + "\",\"eventTypes\":[\"io.flowmesh.run.*\"]}",
                "chaos-subscription",
                START_PATIENCE));
    return gateway.json().readTree(subscription.body()).path("secret").asString();
  }

  /**
   * One client: starts runs of random workflows, a few a second, until {@code over} says so (the
   * faults are over: every fault hits a platform under load).
   */
  void drive(int client, BooleanSupplier over) {
    Random random = new Random(seed * 31 + client);
    for (int n = 0; !over.getAsBoolean(); n++) {
      Workflow workflow = Workflow.values()[random.nextInt(Workflow.values().length)];
      String key = "chaos-" + client + "-" + n;
      Optional<Answer> answer =
          gateway.post(
              "/api/v1/runs",
              "{\"workflowId\":\"" + workflow.id + "\",\"input\":{\"n\":" + n + "}}",
              key,
              START_PATIENCE);
      if (answer.isEmpty()) {
        startsGivenUp.incrementAndGet();
      } else if (answer.get().status() != 202) {
        startsRefused.incrementAndGet();
      } else {
        String runId = gateway.json().readTree(answer.get().body()).path("runId").asString();
        accepted.add(new Accepted(runId, workflow));
        if (workflow == Workflow.APPROVAL) {
          awaitingApproval.add(runId);
        }
      }
      Gateway.sleep(200 + random.nextInt(400));
    }
  }

  /**
   * Approves every gate that waits, until interrupted or, once {@code loadOver} says so, until none
   * is left: a run not waiting yet answers 409 and is tried again on the next round.
   */
  void approve(BooleanSupplier loadOver) {
    while (!Thread.currentThread().isInterrupted()) {
      if (loadOver.getAsBoolean()) {
        // runs whose start answer was lost in an outage are accepted all the same: approve them
        gateway
            .getJson(
                "/api/v1/runs?workflowId=chaos-approval&status=WAITING&limit=200",
                Duration.ofSeconds(10))
            .ifPresent(
                page ->
                    page.path("items")
                        .forEach(item -> awaitingApproval.add(item.path("runId").asString())));
        awaitingApproval.removeAll(approved);
        if (awaitingApproval.isEmpty()) {
          return;
        }
      }
      for (String runId : List.copyOf(awaitingApproval)) {
        Optional<Answer> answer =
            gateway.post(
                "/api/v1/runs/" + runId + "/events",
                "{\"eventName\":\"approved\",\"eventData\":{\"by\":\"chaos\"}}",
                null,
                Duration.ofSeconds(5));
        if (answer.isPresent() && answer.get().is2xx()) {
          approved.add(runId);
          awaitingApproval.remove(runId);
        }
      }
      Gateway.sleep(500);
    }
  }

  List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  int startsGivenUp() {
    return startsGivenUp.get();
  }

  int startsRefused() {
    return startsRefused.get();
  }

  Map<String, Integer> figures() {
    return Map.of(
        "approvals sent", approved.size(), "approvals outstanding", awaitingApproval.size());
  }

  private void save(Workflow workflow, String nodes) {
    List<String> edges = new ArrayList<>();
    for (int i = 1; i < workflow.nodes.size(); i++) {
      edges.add(
          "{\"id\":\"e%d\",\"source\":\"%s\",\"target\":\"%s\"}"
              .formatted(i, workflow.nodes.get(i - 1), workflow.nodes.get(i)));
    }
    require(
        "save " + workflow.id,
        gateway.post(
            "/api/v1/workflow-definitions",
            "{\"id\":\"%s\",\"name\":\"%s\",\"nodes\":[%s],\"edges\":[%s]}"
                .formatted(workflow.id, workflow.id, nodes, String.join(",", edges)),
            "chaos-definition-" + workflow.id,
            START_PATIENCE));
  }

  private static Answer require(String what, Optional<Answer> answer) {
    Answer got =
        answer.orElseThrow(() -> new IllegalStateException(what + ": no answer from the gateway"));
    if (!got.is2xx()) {
      throw new IllegalStateException(what + ": " + got.status() + " " + got.body());
    }
    return got;
  }
}
