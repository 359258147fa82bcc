package io.flowmesh.functions.execution;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionRequested;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
   * Runs the poll and returns once every result is recorded; the container then commits the
   * offsets. An exception here (the database is failing) makes the container retry the poll with
   * backoff, losing nothing.
   */
  private void process(List<PendingExecution> batch) {
    try {
      executions.process(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while executing a poll (shutdown)", e);
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
      return Optional.of(
          new PendingExecution(request, event.tenant(), replyKey, event.traceparent()));
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
