package io.flowmesh.functions.execution;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.outbox.Outbox;
import io.flowmesh.outbox.OutboxMessage;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records finished executions: each execution row commits together with its result message in the
 * outbox, several executions per transaction where they finished together.
 */
@Component
public class ExecutionRecorder {

  private final ExecutionRepository executions;
  private final Outbox outbox;

  ExecutionRecorder(ExecutionRepository executions, Outbox outbox) {
    this.executions = executions;
    this.outbox = outbox;
  }

  /** Records and answers the executions not recorded yet (a concurrent consumer may have). */
  @Transactional
  public void record(List<FinishedExecution> finished) {
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
    answer(
        executions.insertNew(
            List.of(new FinishedExecution(pending, outcome, now, now, pending.traceparent()))));
  }

  private void answer(List<FinishedExecution> recorded) {
    outbox.appendAll(recorded.stream().map(ExecutionRecorder::result).toList());
  }

  private static OutboxMessage result(FinishedExecution execution) {
    PendingExecution pending = execution.pending();
    FunctionRequested request = pending.request();
    return switch (execution.outcome()) {
      case Outcome.Succeeded succeeded ->
          message(
              execution,
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
              execution,
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

  private static OutboxMessage message(FinishedExecution execution, String type, Object payload) {
    PendingExecution pending = execution.pending();
    return new OutboxMessage(
            Topics.FUNCTION_RESULTS,
            pending.replyKey(),
            type,
            pending.request().runId(),
            pending.tenant(),
            payload)
        .withTraceparent(execution.traceparent());
  }
}
