package com.example.orders;

import io.flowmesh.client.webhook.WebhookReceiver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's side: what it does with each verified delivery. Here it keeps the end state of
 * every run it hears of; a real application would update its own records.
 */
public final class RunEndings implements WebhookReceiver.Handler {

  private final Map<String, String> endedRuns = new ConcurrentHashMap<>();

  @Override
  public void handle(WebhookReceiver.Delivery delivery) {
    String type = delivery.type();
    String runId = delivery.key();
    switch (type) {
      case "io.flowmesh.run.completed.v1" -> ended(runId, "COMPLETED");
      case "io.flowmesh.run.failed.v1" -> ended(runId, "FAILED");
      case "io.flowmesh.run.cancelled.v1" -> ended(runId, "CANCELLED");
      default -> {
        // started, node events, ...: this application only cares about the end
      }
    }
  }

  private void ended(String runId, String state) {
    endedRuns.put(runId, state);
    System.out.println(runId + " " + state);
  }

  /** The end state of each run heard of, by run id. */
  public Map<String, String> endedRuns() {
    return Map.copyOf(endedRuns);
  }
}
