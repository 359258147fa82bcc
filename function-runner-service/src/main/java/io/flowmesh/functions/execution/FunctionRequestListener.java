package io.flowmesh.functions.execution;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.outbox.CloudEventRecords;
import io.flowmesh.outbox.InboundEvent;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes function requests a poll at a time. Records that are not readable requests are logged
 * and skipped, never retried: they would block their partition for good.
 */
@Component
class FunctionRequestListener {

  private static final Logger log = LoggerFactory.getLogger(FunctionRequestListener.class);

  private final ExecutionService executions;
  private final JsonMapper json;

  FunctionRequestListener(ExecutionService executions, JsonMapper json) {
    this.executions = executions;
    this.json = json;
  }

  @KafkaListener(topics = Topics.FUNCTION_REQUESTS, groupId = "function-runner")
  void onRequests(List<ConsumerRecord<String, byte[]>> records) {
    List<PendingExecution> batch =
        records.stream().map(this::read).flatMap(Optional::stream).toList();
    if (!batch.isEmpty()) {
      process(batch);
    }
  }

  /**
   * One transaction for the whole poll. If it fails, the requests go again one by one, so that a
   * request PostgreSQL refuses to store (e.g. a NUL character inside JSON text) fails alone and is
   * answered with an error. If even that answer cannot be stored, the database itself is failing:
   * the exception reaches the container, which retries the poll with backoff and loses nothing.
   */
  private void process(List<PendingExecution> batch) {
    try {
      executions.process(batch);
    } catch (DataAccessException e) {
      if (batch.size() > 1) {
        log.warn("A batch of {} function requests failed; retrying them one by one", batch.size());
        batch.forEach(pending -> process(List.of(pending)));
        return;
      }
      PendingExecution pending = batch.getFirst();
      log.warn(
          "Function request {} cannot be stored; answering it with an error",
          pending.executionId(),
          e);
      executions.reject(pending);
    }
  }

  private Optional<PendingExecution> read(ConsumerRecord<String, byte[]> record) {
    try {
      InboundEvent event = CloudEventRecords.read(record);
      if (!EventTypes.FUNCTION_REQUESTED.equals(event.type())) {
        return skip(record, "unexpected event type " + event.type());
      }
      FunctionRequested request = json.readValue(event.data(), FunctionRequested.class);
      if (event.tenant() == null || request.executionId() == null || request.runId() == null) {
        return skip(record, "no tenant, execution id or run id to answer to");
      }
      String replyKey = record.key() != null ? record.key() : request.runId();
      return Optional.of(new PendingExecution(request, event.tenant(), replyKey));
    } catch (RuntimeException e) {
      return skip(record, e.toString());
    }
  }

  private static Optional<PendingExecution> skip(ConsumerRecord<?, ?> record, String why) {
    log.warn(
        "Skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    return Optional.empty();
  }
}
