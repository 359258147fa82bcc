package io.flowmesh.events.eventtype;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import io.flowmesh.model.EventTypes;
import io.flowmesh.model.event.EventAccepted;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.function.FunctionSucceeded;
import io.flowmesh.model.integration.ConnectionHealthChanged;
import io.flowmesh.model.run.NodeCompleted;
import io.flowmesh.model.run.NodeFailed;
import io.flowmesh.model.run.NodeStarted;
import io.flowmesh.model.run.NodeWaiting;
import io.flowmesh.model.run.RunCancelled;
import io.flowmesh.model.run.RunCompleted;
import io.flowmesh.model.run.RunEventCorrelated;
import io.flowmesh.model.run.RunFailed;
import io.flowmesh.model.run.RunPaused;
import io.flowmesh.model.run.RunResumed;
import io.flowmesh.model.run.RunRetried;
import io.flowmesh.model.run.RunStartRefused;
import io.flowmesh.model.run.RunStartRequested;
import io.flowmesh.model.run.RunStarted;
import io.flowmesh.model.run.RunWaiting;
import io.flowmesh.model.webhook.WebhookDeliveryDeadLettered;
import io.flowmesh.model.webhook.WebhookSubscriptionDisabled;
import io.flowmesh.model.workflow.WorkflowDeleted;
import io.flowmesh.model.workflow.WorkflowSaved;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's own event types ({@link EventTypes}), each with the JSON Schema of its data
 * derived from its common-model record, so that the catalogue cannot drift from what the services
 * send: a field added to a record is in its type's schema at the next start. {@code
 * PlatformEventTypesTest} fails when a type has no entry here, or a record's JSON does not match
 * its schema.
 */
final class PlatformEventTypes {

  /**
   * One platform type.
   *
   * @param type the CloudEvents type
   * @param description what an event of the type means
   * @param payload the record its data is, or null when {@code schemaJson} describes it
   * @param schemaJson the schema of data that has no record; null when {@code payload} is given
   */
  record Entry(String type, String description, Class<?> payload, String schemaJson) {}

  static final List<Entry> ALL =
      List.of(
          entry(
              EventTypes.RUN_STARTED,
              "A run was accepted and its trigger recorded.",
              RunStarted.class),
          entry(EventTypes.RUN_COMPLETED, "A run reached its end.", RunCompleted.class),
          entry(EventTypes.RUN_FAILED, "A run failed.", RunFailed.class),
          entry(EventTypes.RUN_CANCELLED, "A run was cancelled.", RunCancelled.class),
          entry(
              EventTypes.RUN_PAUSED,
              "A run was paused: no new node starts until it is resumed.",
              RunPaused.class),
          entry(EventTypes.RUN_RESUMED, "A paused run was resumed.", RunResumed.class),
          entry(
              EventTypes.RUN_RETRIED,
              "A failed run runs its failed node again and is running again.",
              RunRetried.class),
          entry(
              EventTypes.RUN_WAITING,
              "A run has nothing to do until the outside world acts (timers, approvals, tasks,"
                  + " child runs).",
              RunWaiting.class),
          entry(EventTypes.NODE_STARTED, "A node attempt started.", NodeStarted.class),
          entry(EventTypes.NODE_COMPLETED, "A node attempt completed.", NodeCompleted.class),
          entry(EventTypes.NODE_FAILED, "A node attempt failed.", NodeFailed.class),
          entry(
              EventTypes.NODE_WAITING,
              "A node would have started but waits, e.g. because its run is paused.",
              NodeWaiting.class),
          entry(
              EventTypes.RUN_EVENT_CORRELATED,
              "An accepted event resumed a waiting node of the run.",
              RunEventCorrelated.class),
          entry(
              EventTypes.EVENT_ACCEPTED,
              "event-service stored an event for the first time.",
              EventAccepted.class),
          entry(
              EventTypes.RUN_START_REQUESTED,
              "A trigger asks the orchestrator to start a run.",
              RunStartRequested.class),
          entry(
              EventTypes.RUN_START_REFUSED,
              "The orchestrator could not start a run a trigger asked for.",
              RunStartRefused.class),
          entry(
              EventTypes.WORKFLOW_SAVED,
              "A workflow version was saved, with how its trigger node says it starts.",
              WorkflowSaved.class),
          entry(
              EventTypes.WORKFLOW_DELETED,
              "A workflow was deleted with all its versions.",
              WorkflowDeleted.class),
          entry(
              EventTypes.FUNCTION_REQUESTED,
              "A function execution is requested.",
              FunctionRequested.class),
          entry(
              EventTypes.FUNCTION_SUCCEEDED,
              "A function execution succeeded.",
              FunctionSucceeded.class),
          entry(EventTypes.FUNCTION_FAILED, "A function execution failed.", FunctionFailed.class),
          entry(
              EventTypes.CONNECTION_HEALTH_CHANGED,
              "A connection's health changed between healthy and unhealthy.",
              ConnectionHealthChanged.class),
          entry(
              EventTypes.WEBHOOK_DELIVERY_DEAD_LETTERED,
              "A webhook delivery was dead-lettered.",
              WebhookDeliveryDeadLettered.class),
          entry(
              EventTypes.WEBHOOK_SUBSCRIPTION_DISABLED,
              "A webhook subscription was disabled by the platform.",
              WebhookSubscriptionDisabled.class),
          new Entry(
              EventTypes.WEBHOOK_TEST,
              "A test event sent on request to a webhook endpoint, never queued.",
              null,
              """
              {"type": "object", "required": ["subscriptionId", "message"],
               "properties": {"subscriptionId": {"type": "string"}, "message": {"type": "string"}}}
              """));

  /**
   * Records are written with every component (a null one as null), so each is required, and a
   * component of a reference type may be null; an instant is a date-time string.
   */
  private static final SchemaGenerator GENERATOR = generator();

  private static SchemaGenerator generator() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(Option.EXTRA_OPEN_API_FORMAT_VALUES)
            .with(Option.NULLABLE_FIELDS_BY_DEFAULT);
    config.forFields().withRequiredCheck(field -> true);
    return new SchemaGenerator(config.build());
  }

  private PlatformEventTypes() {}

  private static Entry entry(String type, String description, Class<?> payload) {
    return new Entry(type, description, payload, null);
  }

  /** The type's data schema, derived from its record or as written here. */
  static JsonNode schema(Entry entry, JsonMapper json) {
    String schema =
        entry.payload() == null
            ? entry.schemaJson()
            : GENERATOR.generateSchema(entry.payload()).toString();
    return json.readTree(schema);
  }
}
