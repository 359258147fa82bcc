package io.flowmesh.functions.worker;

import io.flowmesh.functions.execution.ExecutionHandOff;
import io.flowmesh.functions.execution.ExecutionRecorder;
import io.flowmesh.functions.execution.FinishedExecution;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.execution.PendingExecution;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.functions.schema.JsonSchemas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes the requests of {@code worker} functions: each waits as a task until one of the tenant's
 * workers leases it. An input its function's schema refuses is answered at once, as for any other
 * function, rather than handed to a worker.
 */
@Component
class WorkerHandOff implements ExecutionHandOff {

  static final String EXECUTION_TYPE = "worker";

  private static final Logger log = LoggerFactory.getLogger(WorkerHandOff.class);

  private final WorkerTaskStore tasks;
  private final ExecutionRecorder recorder;
  private final TaskArrivals arrivals;
  private final JsonSchemas schemas;
  private final JsonMapper json;
  private final TransactionTemplate transactions;

  WorkerHandOff(
      WorkerTaskStore tasks,
      ExecutionRecorder recorder,
      TaskArrivals arrivals,
      JsonSchemas schemas,
      JsonMapper json,
      TransactionTemplate transactions) {
    this.tasks = tasks;
    this.recorder = recorder;
    this.arrivals = arrivals;
    this.schemas = schemas;
    this.json = json;
    this.transactions = transactions;
  }

  @Override
  public String executionType() {
    return EXECUTION_TYPE;
  }

  @Override
  public void handOff(Map<PendingExecution, RegisteredFunction> calls) {
    List<PendingExecution> queued = new ArrayList<>();
    List<FinishedExecution> refused = new ArrayList<>();
    calls.forEach(
        (pending, function) -> {
          List<String> violations =
              schemas.violations(
                  function.inputSchema(), json.valueToTree(pending.request().input()));
          if (violations.isEmpty()) {
            queued.add(pending);
          } else {
            refused.add(inputInvalid(pending, function, violations));
          }
        });
    if (!refused.isEmpty()) {
      recorder.record(refused);
    }
    store(queued);
  }

  /**
   * Stores the tasks in one transaction, then wakes the waiting polls. If PostgreSQL refuses the
   * group, each goes alone, so that one it cannot store (e.g. a NUL character in JSON text) is
   * answered with an error instead of holding up the poll for good.
   */
  private void store(List<PendingExecution> queued) {
    if (queued.isEmpty()) {
      return;
    }
    try {
      transactions.executeWithoutResult(status -> tasks.insert(queued));
    } catch (DataAccessException e) {
      if (queued.size() == 1) {
        log.warn(
            "Task {} cannot be stored; answering it with an error",
            queued.getFirst().executionId(),
            e);
        recorder.reject(queued.getFirst());
        return;
      }
      queued.forEach(one -> store(List.of(one)));
      return;
    }
    arrivals.announce();
  }

  private static FinishedExecution inputInvalid(
      PendingExecution pending, RegisteredFunction function, List<String> violations) {
    Instant now = Instant.now();
    Outcome outcome =
        Outcome.failed(
            Outcome.INPUT_INVALID,
            "The input does not match the input schema of '"
                + function.slug()
                + "': "
                + String.join("; ", violations),
            false);
    return new FinishedExecution(pending, outcome, now, now, pending.traceparent());
  }
}
