package io.flowmesh.orchestrator.messaging;

import io.flowmesh.model.EventTypes;
import io.flowmesh.model.Topics;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.model.run.RunCancelled;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.model.run.RunFailed;
import io.flowmesh.orchestrator.run.ChildRunOutcome;
import io.flowmesh.orchestrator.run.ChildRunOutcomeService;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.outbox.CloudEventRecords;
import io.flowmesh.outbox.InboundEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands the ends of runs (completed, failed, cancelled) to the sub-workflow nodes waiting for them,
 * a poll at a time in one transaction. The run's end and its event commit together through the
 * outbox, so no child's end is lost; the parent's execution must still be RUNNING, so a redelivery
 * changes nothing. Other run events are skipped without reading their data.
 */
@Component
class ChildRunEventListener {

  private static final Logger log = LoggerFactory.getLogger(ChildRunEventListener.class);

  private final ChildRunOutcomeService outcomes;
  private final JsonMapper json;

  ChildRunEventListener(ChildRunOutcomeService outcomes, JsonMapper json) {
    this.outcomes = outcomes;
    this.json = json;
  }

  // Most run events are not ends of child runs: fetches wait up to 10 ms for 64 KiB of them rather
  // than one fetch and poll per event, at the price of up to 10 ms before a parent sees its child's
  // end when little else happens.
  @KafkaListener(
      topics = Topics.RUN_EVENTS,
      groupId = "orchestrator-sub-workflows",
      properties = {
        "fetch.min.bytes=${flowmesh.orchestrator.sub-workflows.fetch-min-bytes:65536}",
        "fetch.max.wait.ms=${flowmesh.orchestrator.sub-workflows.fetch-max-wait-ms:10}"
      })
  void onRunEvents(List<ConsumerRecord<String, byte[]>> records) {
    List<ChildRunOutcome> batch = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        ChildRunOutcome outcome = toOutcome(record);
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
    List<ChildRunOutcome> children = batch.isEmpty() ? batch : outcomes.ofChildRuns(batch);
    if (!children.isEmpty()) {
      outcomes.apply(children);
    }
  }

  private ChildRunOutcome toOutcome(ConsumerRecord<String, byte[]> record) {
    var type = record.headers().lastHeader("ce_type");
    if (type != null && !isRunEnd(new String(type.value()))) {
      return null;
    }
    InboundEvent event = CloudEventRecords.read(record);
    return switch (event.type()) {
      case EventTypes.RUN_COMPLETED -> {
        RunCompleted done = json.readValue(event.data(), RunCompleted.class);
        yield new ChildRunOutcome(
            event.tenant(), done.runId(), RunStatus.COMPLETED, done.outputs(), null);
      }
      case EventTypes.RUN_FAILED -> {
        RunFailed failed = json.readValue(event.data(), RunFailed.class);
        yield new ChildRunOutcome(
            event.tenant(), failed.runId(), RunStatus.FAILED, null, failed.error());
      }
      case EventTypes.RUN_CANCELLED -> {
        RunCancelled cancelled = json.readValue(event.data(), RunCancelled.class);
        yield new ChildRunOutcome(
            event.tenant(),
            cancelled.runId(),
            RunStatus.CANCELLED,
            null,
            new ExecutionError(
                "CANCELLED", cancelled.reason() == null ? "cancelled" : cancelled.reason(), false));
      }
      default -> null;
    };
  }

  private static boolean isRunEnd(String type) {
    return EventTypes.RUN_COMPLETED.equals(type)
        || EventTypes.RUN_FAILED.equals(type)
        || EventTypes.RUN_CANCELLED.equals(type);
  }
}
