package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerDeclarationTest {

  @Test
  void theWorkflowBuildersScheduleIsReadInFlowmeshsNames() {
    Map<String, Object> config =
        Map.of(
            "triggerType", "Schedule",
            "scheduleCron", "0 9 * * 1-5",
            "scheduleTimezone", "America/New_York");

    assertThat(problems(config)).isEmpty();
    TriggerDeclaration declared = TriggerDeclaration.of(config);
    assertThat(declared.type()).isEqualTo("schedule");
    assertThat(declared.settings())
        .containsEntry("cron", "0 9 * * 1-5")
        .containsEntry("timeZone", "America/New_York");
  }

  @Test
  void anEventTriggerTakesOneTypeOrSeveralAndItsExpressions() {
    Map<String, Object> config =
        Map.of(
            "triggerType", "event",
            "eventType", "com.acme.order.placed",
            "filter", "event.data.total > 100",
            "input", "event.data");

    assertThat(problems(config)).isEmpty();
    assertThat(TriggerDeclaration.of(config).settings())
        .containsEntry("eventTypes", List.of("com.acme.order.placed"))
        .containsEntry("filter", "event.data.total > 100")
        .containsEntry("input", "event.data");
  }

  @Test
  void typesFlowmeshDoesNotStartByAndWebhooksWithoutAHookDeclareNothing() {
    assertThat(TriggerDeclaration.of(Map.of()).type()).isEqualTo("manual");
    assertThat(TriggerDeclaration.of(Map.of("triggerType", "Database Event")).type())
        .isEqualTo("manual");
    Map<String, Object> builderWebhook =
        Map.of(
            "triggerType", "Webhook", "webhookPath", "/webhooks/orders", "webhookMethod", "POST");
    assertThat(problems(builderWebhook)).isEmpty();
    assertThat(TriggerDeclaration.of(builderWebhook).type()).isEqualTo("manual");
    assertThat(TriggerDeclaration.of(Map.of("triggerType", "webhook", "hookId", "hook_1")).type())
        .isEqualTo("webhook");
  }

  @Test
  void eachProblemNamesTheNodeAndTheField() {
    assertThat(problems(Map.of("triggerType", "event")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("$.nodes[0].config.eventTypes");
              assertThat(p.message()).startsWith("trigger node 'start': ").contains("eventTypes");
            });
    assertThat(
            problems(
                Map.of(
                    "triggerType", "schedule",
                    "scheduleCron", "61 * * * *",
                    "scheduleTimezone", "Mars/Olympus")))
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "$.nodes[0].config.scheduleCron", "$.nodes[0].config.scheduleTimezone");
    assertThat(problems(Map.of("triggerType", "schedule")))
        .extracting(FieldProblem::field)
        .containsExactly("$.nodes[0].config.scheduleCron");
    assertThat(
            problems(
                Map.of(
                    "triggerType", "event",
                    "eventTypes", List.of("a.b"),
                    "filter", "event.data.(")))
        .extracting(FieldProblem::field)
        .containsExactly("$.nodes[0].config.filter");
    assertThat(problems(Map.of("triggerType", 7)))
        .extracting(FieldProblem::field)
        .containsExactly("$.nodes[0].config.triggerType");
  }

  private static List<FieldProblem> problems(Map<String, Object> config) {
    List<FieldProblem> problems = new ArrayList<>();
    TriggerDeclaration.check("start", "$.nodes[0]", config, problems);
    return problems;
  }
}
