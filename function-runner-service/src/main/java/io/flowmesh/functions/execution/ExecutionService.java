package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.FunctionRegistry;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.model.function.FunctionRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Executes a poll's function requests at most once per execution id: requests already recorded are
 * skipped, the others run <em>concurrently</em>, one virtual thread each, so a slow HTTP function
 * or container does not hold up its poll-mates (builtins that only compute run on the listener's
 * thread instead, and are recorded first). Executions that finish together are recorded in one
 * transaction as soon as they finish (ADR 0009). {@link #process} returns only when every request
 * of the poll is recorded, and only then does the listener let Kafka commit the offsets.
 */
@Service
class ExecutionService implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);

  /** How long to wait for more finished executions to share a transaction with the first. */
  private static final long LINGER_MILLIS = 5;

  private final ExecutionRepository executions;
  private final ExecutionRecorder recorder;
  private final FunctionRegistry registry;
  private final FunctionInvoker invoker;
  private final MessageSpans spans;
  private final Map<String, ExecutionHandOff> handOffs;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  ExecutionService(
      ExecutionRepository executions,
      ExecutionRecorder recorder,
      FunctionRegistry registry,
      FunctionInvoker invoker,
      MessageSpans spans,
      List<ExecutionHandOff> handOffs) {
    this.spans = spans;
    this.handOffs =
        handOffs.stream()
            .collect(
                Collectors.toMap(
                    ExecutionHandOff::executionType, java.util.function.Function.identity()));
    this.executions = executions;
    this.recorder = recorder;
    this.registry = registry;
    this.invoker = invoker;
  }

  /**
   * Runs the poll's new requests and records every result.
   *
   * @throws DataAccessException if a result can be neither recorded nor rejected (the database is
   *     failing): the poll is retried and may run some executions again (at-least-once)
   */
  public void process(List<PendingExecution> batch) throws InterruptedException {
    CompletionService<FinishedExecution> running = new ExecutorCompletionService<>(threads);
    Map<PendingExecution, Integer> pollOrder = new java.util.IdentityHashMap<>();
    List<Map.Entry<PendingExecution, RegisteredFunction>> inline = new ArrayList<>();
    int started = 0;
    for (Map.Entry<String, List<PendingExecution>> tenant : byTenant(batch).entrySet()) {
      Map<PendingExecution, RegisteredFunction> calls = fresh(tenant.getKey(), tenant.getValue());
      handOff(calls);
      for (Map.Entry<PendingExecution, RegisteredFunction> call : calls.entrySet()) {
        if (invoker.runsInline(call.getValue())) {
          inline.add(call);
        } else {
          running.submit(() -> run(call.getKey(), call.getValue()));
        }
        pollOrder.put(call.getKey(), started++);
      }
    }
    int recorded = 0;
    if (!inline.isEmpty()) {
      // Functions that only compute run here, after the others have started, and are recorded
      // together at once: a thread each would cost more than they do.
      List<FinishedExecution> done = new ArrayList<>(inline.size());
      inline.forEach(call -> done.add(run(call.getKey(), call.getValue())));
      recordSafely(done);
      recorded += done.size();
    }
    while (recorded < started) {
      // Wait for one, then for every other that finishes within a moment: fast executions (the
      // builtins) share a transaction and keep their poll order; a slow one is recorded on its own
      // when it ends. Once the whole poll has finished there is nothing to wait for.
      List<FinishedExecution> done = new ArrayList<>();
      done.add(result(running.take()));
      for (Future<FinishedExecution> next;
          recorded + done.size() < started
              && (next = running.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
        done.add(result(next));
      }
      done.sort(java.util.Comparator.comparing(f -> pollOrder.get(f.pending())));
      recordSafely(done);
      recorded += done.size();
    }
  }

  /**
   * Records the group in one transaction. If that fails, each goes alone, so that one execution
   * PostgreSQL refuses to store (e.g. a NUL character inside JSON text) fails alone and is answered
   * with an error. If even that answer cannot be stored, the database itself is failing.
   */
  private void recordSafely(List<FinishedExecution> group) {
    try {
      recorder.record(group);
    } catch (DataAccessException e) {
      if (group.size() > 1) {
        log.warn("Recording {} executions failed; recording them one by one", group.size());
        group.forEach(one -> recordSafely(List.of(one)));
        return;
      }
      PendingExecution pending = group.getFirst().pending();
      log.warn(
          "Execution {} cannot be stored; answering it with an error", pending.executionId(), e);
      recorder.reject(pending);
    }
  }

  /**
   * Takes out of the calls those of functions that run elsewhere (external workers) and hands them
   * over: they are not run here, and their results are recorded when they finish there.
   */
  private void handOff(Map<PendingExecution, RegisteredFunction> calls) {
    Map<ExecutionHandOff, Map<PendingExecution, RegisteredFunction>> handed = new LinkedHashMap<>();
    calls
        .entrySet()
        .removeIf(
            call -> {
              RegisteredFunction function = call.getValue();
              ExecutionHandOff handOff =
                  function == null || !function.enabled()
                      ? null
                      : handOffs.get(function.executionType());
              if (handOff == null) {
                return false;
              }
              handed
                  .computeIfAbsent(handOff, h -> new LinkedHashMap<>())
                  .put(call.getKey(), function);
              return true;
            });
    handed.forEach(ExecutionHandOff::handOff);
  }

  private Map<PendingExecution, RegisteredFunction> fresh(
      String tenant, List<PendingExecution> requests) {
    Set<String> recorded =
        executions.recordedIds(
            tenant, requests.stream().map(PendingExecution::executionId).toList());
    List<PendingExecution> fresh =
        requests.stream().filter(p -> !recorded.contains(p.executionId())).toList();
    Map<String, RegisteredFunction> functions =
        registry.resolve(
            tenant,
            fresh.stream()
                .map(p -> p.request().function())
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
    Map<PendingExecution, RegisteredFunction> calls = new LinkedHashMap<>();
    // A null value (unknown function) is allowed here: it is answered FUNCTION_NOT_FOUND.
    fresh.forEach(p -> calls.put(p, functions.get(p.request().function())));
    return calls;
  }

  /**
   * Runs one execution in a span of its own, child of the request's: the calls the function makes
   * and the result it publishes belong to the run's trace.
   */
  private FinishedExecution run(PendingExecution pending, RegisteredFunction function) {
    FunctionRequested request = pending.request();
    try (MessageSpans.Scope span =
        spans.open("function " + request.function(), pending.traceparent())) {
      span.span()
          .tag("flowmesh.function", request.function())
          .tag("flowmesh.run_id", request.runId())
          .tag("flowmesh.node_id", request.nodeId())
          .tag("flowmesh.attempt", String.valueOf(request.attempt()));
      Instant startedAt = Instant.now();
      Outcome outcome = invoker.invoke(pending.tenant(), request, function);
      if (outcome instanceof Outcome.Failed) {
        span.span().tag("flowmesh.outcome", "failed");
      }
      return new FinishedExecution(
          pending, outcome, startedAt, Instant.now(), MessageSpans.traceparent(span.span()));
    }
  }

  private static FinishedExecution result(Future<FinishedExecution> future)
      throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // run() catches everything; an Error (e.g. OutOfMemoryError) is not ours to absorb.
      throw new IllegalStateException("Execution thread failed", e.getCause());
    }
  }

  /** A poll may carry the same request twice (redelivery); only the first counts. */
  private static Map<String, List<PendingExecution>> byTenant(List<PendingExecution> batch) {
    Map<List<String>, PendingExecution> unique = new LinkedHashMap<>();
    for (PendingExecution pending : batch) {
      unique.putIfAbsent(List.of(pending.tenant(), pending.executionId()), pending);
    }
    return unique.values().stream()
        .collect(
            Collectors.groupingBy(
                PendingExecution::tenant, LinkedHashMap::new, Collectors.toList()));
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
