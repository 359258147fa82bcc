package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;

/** Runs ({@code /api/v1/runs}): start, read, wait for, list, and the operations of docs/runs.md. */
public final class Runs {

  private static final String PATH = "/api/v1/runs";
  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

  private final Transport transport;

  Runs(Transport transport) {
    this.transport = transport;
  }

  /**
   * A start request. Build with {@link #of} and the {@code with} methods.
   *
   * @param workflowId the workflow to run
   * @param input the trigger data: any JSON-serializable value; null for {@code {}}
   * @param version the definition version; null for the latest
   * @param businessKey one run per workflow and business key; null for none
   * @param idempotencyKey the same key answers with the run it started (a different body with it is
   *     a 409); null generates one per {@link #start} call, which makes its own retries safe
   */
  public record StartRun(
      String workflowId, Object input, Integer version, String businessKey, String idempotencyKey) {

    /** Starts {@code workflowId}'s latest version with {@code input}. */
    public static StartRun of(String workflowId, Object input) {
      return new StartRun(workflowId, input, null, null, null);
    }

    /** The same request with this idempotency key. */
    public StartRun withIdempotencyKey(String key) {
      return new StartRun(workflowId, input, version, businessKey, key);
    }

    /** The same request with this business key. */
    public StartRun withBusinessKey(String key) {
      return new StartRun(workflowId, input, version, key, idempotencyKey);
    }

    /** The same request on this definition version. */
    public StartRun withVersion(int definitionVersion) {
      return new StartRun(workflowId, input, definitionVersion, businessKey, idempotencyKey);
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("workflowId", workflowId);
      body.put("input", input == null ? Map.of() : input);
      if (version != null) {
        body.put("version", version);
      }
      if (businessKey != null) {
        body.put("businessKey", businessKey);
      }
      return body;
    }
  }

  /** What a start answers: the run, accepted and running. */
  public record Accepted(String runId, String workflowId, int version, RunStatus status) {}

  /**
   * A run.
   *
   * @param outputs {@code trigger} and each completed node's output, by node id
   * @param error why it failed, if it did ({@code nodeId}, {@code code}, {@code message}, ...)
   */
  public record Run(
      String runId,
      String workflowId,
      int version,
      RunStatus status,
      Map<String, Object> outputs,
      Map<String, Object> error,
      Instant startedAt,
      Instant completedAt) {}

  /** A run in a list: no outputs. */
  public record Summary(
      String runId,
      String workflowId,
      int version,
      RunStatus status,
      String businessKey,
      Instant startedAt,
      Instant completedAt) {}

  /**
   * One node attempt (or for-each item) of a run's history.
   *
   * @param status RUNNING, COMPLETED, FAILED, CANCELLED or SUPERSEDED
   * @param itemIndex the for-each item's position; null for a node attempt
   * @param nodeExecutionId the for-each attempt an item belongs to; null for a node attempt
   */
  public record NodeAttempt(
      String executionId,
      String nodeId,
      int attempt,
      String status,
      Object input,
      Object output,
      Object error,
      Instant startedAt,
      Instant finishedAt,
      Integer itemIndex,
      String nodeExecutionId) {}

  /**
   * Filters of a list; every one optional (null), all given ones must match.
   *
   * @param statuses one state or several
   * @param startedAfter runs started strictly after it
   * @param startedBefore runs started strictly before it
   * @param limit page size, 1 to 200 (server default 50)
   * @param cursor {@code nextCursor} of the previous page
   */
  public record Filter(
      String workflowId,
      Set<RunStatus> statuses,
      OffsetDateTime startedAfter,
      OffsetDateTime startedBefore,
      String businessKey,
      Integer limit,
      String cursor) {

    /** No filter: the newest runs. */
    public static final Filter ALL = new Filter(null, null, null, null, null, null, null);

    /** Runs of this workflow. */
    public Filter withWorkflowId(String id) {
      return new Filter(id, statuses, startedAfter, startedBefore, businessKey, limit, cursor);
    }

    /** Runs in one of these states. */
    public Filter withStatuses(Set<RunStatus> states) {
      return new Filter(
          workflowId, states, startedAfter, startedBefore, businessKey, limit, cursor);
    }

    /** Pages of this size. */
    public Filter withLimit(int size) {
      return new Filter(
          workflowId, statuses, startedAfter, startedBefore, businessKey, size, cursor);
    }

    /** The page after the one that gave this cursor. */
    public Filter withCursor(String next) {
      return new Filter(
          workflowId, statuses, startedAfter, startedBefore, businessKey, limit, next);
    }

    Map<String, String> query() {
      String states =
          statuses == null || statuses.isEmpty()
              ? null
              : statuses.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
      return Transport.query(
          "workflowId", workflowId,
          "status", states,
          "startedAfter", rfc3339(startedAfter),
          "startedBefore", rfc3339(startedBefore),
          "businessKey", businessKey,
          "limit", limit,
          "cursor", cursor);
    }

    // OffsetDateTime.toString() drops zero seconds, which RFC 3339 requires.
    private static String rfc3339(OffsetDateTime time) {
      return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
  }

  /**
   * Starts a run. Sent again on a connection failure or a 503 with the same idempotency key, so a
   * retried start never starts a second run.
   */
  public Accepted start(StartRun start) {
    return transport.send(
        Call.post(PATH, start.body(), start.idempotencyKey(), Safety.REPEATABLE), Accepted.class);
  }

  /** The run with its outputs; a 404 problem if the tenant has no such run. */
  public Run get(String runId) {
    return transport.send(Call.get(path(runId)), Run.class);
  }

  /** Waits until the run has ended (COMPLETED, FAILED or CANCELLED) and returns it. */
  public Run waitForEnd(String runId, Duration timeout) {
    return waitForEnd(runId, timeout, run -> {});
  }

  /**
   * Waits until the run has ended, reading it every 100 ms at first and less often the longer it
   * takes (at most every 2 s); {@code onEachRead} sees every read, e.g. to show progress.
   *
   * @throws FlowmeshTimeoutException if the run has not ended within {@code timeout}
   */
  public Run waitForEnd(String runId, Duration timeout, Consumer<Run> onEachRead) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration pause = FIRST_POLL;
    while (true) {
      Run run = get(runId);
      onEachRead.accept(run);
      if (run.status().ended()) {
        return run;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new FlowmeshTimeoutException(
            "Run " + runId + " is still " + run.status() + " after " + timeout);
      }
      sleep(Duration.ofNanos(Math.min(left, pause.toNanos())));
      pause = pause.multipliedBy(3).dividedBy(2);
      pause = pause.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause;
    }
  }

  /** One page of runs, newest first. */
  public Page<Summary> list(Filter filter) {
    return transport.send(Call.get(PATH, filter.query()), new TypeReference<Page<Summary>>() {});
  }

  /** Cancels a run that has not finished; a 409 problem if it has. */
  public Run cancel(String runId, String reason) {
    return operation(runId, "cancel", reason == null ? null : Map.of("reason", reason));
  }

  /** Pauses a RUNNING or WAITING run: no new node starts until {@link #resume}. */
  public Run pause(String runId, String reason) {
    return operation(runId, "pause", reason == null ? null : Map.of("reason", reason));
  }

  /** Resumes a PAUSED run. */
  public Run resume(String runId) {
    return operation(runId, "resume", null);
  }

  /** Retries a FAILED run from its failed node, on the version it ran. */
  public Run retry(String runId) {
    return operation(runId, "retry", null);
  }

  /** Retries a FAILED run from its failed node, moved to the workflow's latest version. */
  public Run retryOnLatestVersion(String runId) {
    return operation(runId, "retry", Map.of("definitionVersion", "latest"));
  }

  /**
   * Delivers {@code {eventName, eventData}} to the run's approval gates waiting for it; a 409
   * problem naming what the run waits for if none does.
   */
  public Run sendEvent(String runId, String eventName, Map<String, Object> eventData) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("eventName", eventName);
    body.put("eventData", eventData == null ? Map.of() : eventData);
    return operation(runId, "events", body);
  }

  /** Every node attempt of the run, in start order: input, output, error, timings. */
  public List<NodeAttempt> history(String runId) {
    return transport.send(
        Call.get(path(runId) + "/history"), new TypeReference<List<NodeAttempt>>() {});
  }

  // A state change is repeatable: sent twice, the second finds the run changed and answers a 409
  // problem (already cancelled, not paused), never a second effect.
  private Run operation(String runId, String operation, Object body) {
    return transport.send(
        Call.post(path(runId) + "/" + operation, body, null, Safety.REPEATABLE), Run.class);
  }

  private static String path(String runId) {
    return PATH + "/" + Transport.encode(runId);
  }

  static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowmeshException("interrupted while waiting for a run", e);
    }
  }
}
