package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.FunctionRegistry;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Executes function requests exactly once per execution id: requests already recorded are skipped,
 * the others run, and each execution row commits together with its result message in the outbox.
 */
@Service
class ExecutionService {

  private final ExecutionRepository executions;
  private final FunctionRegistry registry;
  private final Map<String, FunctionExecutor> executors;
  private final Outbox outbox;

  ExecutionService(
      ExecutionRepository executions,
      FunctionRegistry registry,
      List<FunctionExecutor> executors,
      Outbox outbox) {
    this.executions = executions;
    this.registry = registry;
    this.executors =
        executors.stream()
            .collect(Collectors.toMap(FunctionExecutor::executionType, Function.identity()));
    this.outbox = outbox;
  }

  /** Processes a poll's requests in one transaction (DESIGN.md: batch commits for throughput). */
  @Transactional
  public void process(List<PendingExecution> batch) {
    Map<String, List<PendingExecution>> byTenant =
        distinct(batch).stream()
            .collect(
                Collectors.groupingBy(
                    PendingExecution::tenant, LinkedHashMap::new, Collectors.toList()));
    List<FinishedExecution> finished = new ArrayList<>(batch.size());
    byTenant.forEach((tenant, requests) -> finished.addAll(runNew(tenant, requests)));
    answer(executions.insertNew(finished));
  }

  /**
   * Answers a request whose execution could not be stored (its input or output is not storable), so
   * that the run learns of it instead of waiting forever. Stores only the error.
   */
  @Transactional
  public void reject(PendingExecution pending) {
    Instant now = Instant.now();
    Outcome outcome =
        Outcome.failed(
            Outcome.NOT_RECORDABLE,
            "The execution's input or output could not be stored (for example, text containing"
                + " a NUL character).",
            false);
    answer(executions.insertNew(List.of(new FinishedExecution(pending, outcome, now, now))));
  }

  private List<FinishedExecution> runNew(String tenant, List<PendingExecution> requests) {
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
    return fresh.stream().map(p -> run(p, functions.get(p.request().function()))).toList();
  }

  private FinishedExecution run(PendingExecution pending, RegisteredFunction function) {
    Instant startedAt = Instant.now();
    Outcome outcome = outcome(pending.request(), function);
    return new FinishedExecution(pending, outcome, startedAt, Instant.now());
  }

  private Outcome outcome(FunctionRequested request, RegisteredFunction function) {
    if (function == null || !function.enabled()) {
      return Outcome.failed(
          Outcome.FUNCTION_NOT_FOUND,
          "No enabled function '" + request.function() + "' is registered for this tenant.",
          false);
    }
    FunctionExecutor executor = executors.get(function.executionType());
    if (executor == null) {
      return Outcome.failed(
          Outcome.FUNCTION_UNAVAILABLE,
          "Functions of type '" + function.executionType() + "' cannot run yet.",
          false);
    }
    return executor.execute(function, request);
  }

  private void answer(List<FinishedExecution> recorded) {
    outbox.appendAll(recorded.stream().map(ExecutionService::result).toList());
  }

  private static OutboxMessage result(FinishedExecution execution) {
    PendingExecution pending = execution.pending();
    FunctionRequested request = pending.request();
    return switch (execution.outcome()) {
      case Outcome.Succeeded succeeded ->
          message(
              pending,
              EventTypes.FUNCTION_SUCCEEDED,
              new FunctionSucceeded(
                  request.executionId(),
                  request.runId(),
                  request.nodeId(),
                  request.attempt(),
                  succeeded.output(),
                  execution.finishedAt()));
      case Outcome.Failed failed ->
          message(
              pending,
              EventTypes.FUNCTION_FAILED,
              new FunctionFailed(
                  request.executionId(),
                  request.runId(),
                  request.nodeId(),
                  request.attempt(),
                  failed.error(),
                  execution.finishedAt()));
    };
  }

  private static OutboxMessage message(PendingExecution pending, String type, Object payload) {
    return new OutboxMessage(
        Topics.FUNCTION_RESULTS,
        pending.replyKey(),
        type,
        pending.request().runId(),
        pending.tenant(),
        payload);
  }

  /** A poll may carry the same request twice (redelivery); only the first counts. */
  private static List<PendingExecution> distinct(List<PendingExecution> batch) {
    Map<List<String>, PendingExecution> unique = new LinkedHashMap<>();
    for (PendingExecution pending : batch) {
      unique.putIfAbsent(List.of(pending.tenant(), pending.executionId()), pending);
    }
    return List.copyOf(unique.values());
  }
}
