package io.flowmesh.orchestrator.messaging;

import io.flowmesh.messaging.CloudEventRecords;
import io.flowmesh.messaging.InboundEvent;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.Topics;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.FunctionOutcome;
import io.flowmesh.orchestrator.run.FunctionOutcomeService;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes function results a poll at a time and applies them in one transaction, which is how the
 * orchestrator's throughput passes the database's commit rate. A record that is not a valid result
 * is logged and skipped; a database failure fails the batch, which is retried (nothing is lost).
 */
@Component
class FunctionResultListener {

  private static final Logger log = LoggerFactory.getLogger(FunctionResultListener.class);

  private final FunctionOutcomeService outcomes;
  private final JsonMapper json;

  FunctionResultListener(FunctionOutcomeService outcomes, JsonMapper json) {
    this.outcomes = outcomes;
    this.json = json;
  }

  // The group is configurable so that test contexts sharing one broker do not share partitions.
  @KafkaListener(
      topics = Topics.FUNCTION_RESULTS,
      groupId = "${flowmesh.orchestrator.consumer-group:orchestrator}")
  void onResults(List<ConsumerRecord<String, byte[]>> records) {
    List<FunctionOutcome> batch = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        FunctionOutcome outcome = toOutcome(CloudEventRecords.read(record));
        if (outcome != null) {
          batch.add(outcome);
        }
      } catch (RuntimeException e) {
        log.error(
            "Skipping unreadable record {}-{}@{}",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
      }
    }
    if (!batch.isEmpty()) {
      outcomes.apply(batch);
    }
  }

  private FunctionOutcome toOutcome(InboundEvent event) {
    TenantId tenant = TenantId.of(event.tenant());
    return switch (event.type()) {
      case EventTypes.FUNCTION_SUCCEEDED -> {
        FunctionSucceeded result = json.readValue(event.data(), FunctionSucceeded.class);
        yield new FunctionOutcome(
            tenant,
            RunId.of(result.runId()),
            result.nodeId(),
            result.executionId(),
            result.attempt(),
            result.output(),
            null,
            event.traceparent());
      }
      case EventTypes.FUNCTION_FAILED -> {
        FunctionFailed result = json.readValue(event.data(), FunctionFailed.class);
        yield new FunctionOutcome(
            tenant,
            RunId.of(result.runId()),
            result.nodeId(),
            result.executionId(),
            result.attempt(),
            null,
            result.error(),
            event.traceparent());
      }
      default -> null;
    };
  }
}
