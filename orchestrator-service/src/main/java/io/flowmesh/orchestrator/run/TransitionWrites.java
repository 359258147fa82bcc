package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of the common steps of one or more transitions in one transaction (new runs, node
 * attempts started and finished, run rows, outbox messages), held back and then written in a few
 * multi-row statements instead of several statements per step. A poll of function results costs
 * about eight statements however many results it carries; a run start, four.
 *
 * <p>Writes for one row are merged: an attempt that starts and finishes in the same transition (a
 * trigger, an end node, a condition) is one insert with its final status, and a run row updated
 * twice is written once with its last state. {@link #flush} writes in dependency order (runs, then
 * their attempts, then updates, then the outbox) and must run before anything in the transaction
 * reads these rows or writes rows that refer to them; {@link StepRecorder} flushes before every
 * other kind of write, so the order of writes per row is the order of the steps.
 */
final class TransitionWrites {

  private final RunRepository runs;
  private final Outbox outbox;

  private final Map<String, NewRun> newRuns = new LinkedHashMap<>();
  private final Map<String, NewAttempt> newAttempts = new LinkedHashMap<>();
  private final Map<String, FinishedAttempt> finishedAttempts = new LinkedHashMap<>();
  private final Map<String, RunUpdate> runUpdates = new LinkedHashMap<>();
  private final List<OutboxMessage> messages = new ArrayList<>();
  private String traceparent;

  TransitionWrites(RunRepository runs, Outbox outbox) {
    this.runs = runs;
    this.outbox = outbox;
  }

  /** A run row to insert; later {@link #updateRun} calls for it change what is inserted. */
  void insertRun(
      TenantId tenant,
      RunRow run,
      String idempotencyKey,
      String businessKey,
      String requestFingerprint) {
    newRuns.put(
        key(tenant, run.id().value()),
        new NewRun(tenant, run, idempotencyKey, businessKey, requestFingerprint));
  }

  /** An attempt that starts now, RUNNING (or a SCHEDULED retry attempt that starts now). */
  void startAttempt(
      TenantId tenant,
      String executionId,
      RunId runId,
      String nodeId,
      int attempt,
      String inputJson,
      Instant at) {
    newAttempts.put(
        key(tenant, executionId),
        new NewAttempt(
            tenant,
            executionId,
            runId,
            nodeId,
            attempt,
            "RUNNING",
            inputJson,
            null,
            null,
            at,
            null));
  }

  /** An attempt that finished with a status, output or error. */
  void finishAttempt(
      TenantId tenant,
      String executionId,
      String status,
      String outputJson,
      String errorJson,
      Instant at) {
    String key = key(tenant, executionId);
    NewAttempt started = newAttempts.get(key);
    if (started != null) {
      newAttempts.put(key, started.finished(status, outputJson, errorJson, at));
    } else {
      finishedAttempts.put(
          key, new FinishedAttempt(tenant, executionId, status, outputJson, errorJson, at));
    }
  }

  /** The run row's new state; the last one given for a run is written. */
  void updateRun(TenantId tenant, RunRow run) {
    String key = key(tenant, run.id().value());
    NewRun inserted = newRuns.get(key);
    if (inserted != null) {
      newRuns.put(key, inserted.with(run));
    } else {
      runUpdates.put(key, new RunUpdate(tenant, run));
    }
  }

  /** Messages for the outbox, after those appended before. */
  void append(List<OutboxMessage> more) {
    if (traceparent == null) {
      messages.addAll(more);
    } else {
      more.forEach(message -> messages.add(message.withTraceparent(traceparent)));
    }
  }

  /**
   * The trace context of the messages appended from now on; null (the default) for the span of the
   * thread that flushes. A group of run starts, written by one request's thread, gives each run's
   * events the trace of the request that started it.
   */
  void traceMessagesAs(String traceparent) {
    this.traceparent = traceparent;
  }

  /** Writes everything held so far, in dependency order, and starts over. */
  void flush() {
    if (!newRuns.isEmpty()) {
      runs.insertAll(List.copyOf(newRuns.values()));
      newRuns.clear();
    }
    if (!newAttempts.isEmpty()) {
      runs.insertExecutions(List.copyOf(newAttempts.values()));
      newAttempts.clear();
    }
    if (!finishedAttempts.isEmpty()) {
      runs.finishExecutions(List.copyOf(finishedAttempts.values()));
      finishedAttempts.clear();
    }
    if (!runUpdates.isEmpty()) {
      runs.updateAll(List.copyOf(runUpdates.values()));
      runUpdates.clear();
    }
    if (!messages.isEmpty()) {
      outbox.appendAll(List.copyOf(messages));
      messages.clear();
    }
  }

  private static String key(TenantId tenant, String id) {
    return tenant.value() + "\u0000" + id;
  }

  /**
   * @param requestFingerprint the start request's fingerprint, kept with its idempotency key
   */
  record NewRun(
      TenantId tenant,
      RunRow run,
      String idempotencyKey,
      String businessKey,
      String requestFingerprint) {
    NewRun with(RunRow latest) {
      return new NewRun(tenant, latest, idempotencyKey, businessKey, requestFingerprint);
    }
  }

  record NewAttempt(
      TenantId tenant,
      String executionId,
      RunId runId,
      String nodeId,
      int attempt,
      String status,
      String inputJson,
      String outputJson,
      String errorJson,
      Instant startedAt,
      Instant finishedAt) {
    NewAttempt finished(String newStatus, String output, String error, Instant at) {
      return new NewAttempt(
          tenant,
          executionId,
          runId,
          nodeId,
          attempt,
          newStatus,
          inputJson,
          output,
          error,
          startedAt,
          at);
    }
  }

  record FinishedAttempt(
      TenantId tenant,
      String executionId,
      String status,
      String outputJson,
      String errorJson,
      Instant finishedAt) {}

  record RunUpdate(TenantId tenant, RunRow run) {}
}
