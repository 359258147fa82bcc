package io.flowmesh.events.declared;

import io.flowmesh.events.hook.HookTypes;
import io.flowmesh.events.schedule.DeclaredSchedules;
import io.flowmesh.events.trigger.DeclaredTriggers;
import io.flowmesh.model.TenantId;
import io.flowmesh.model.workflow.WorkflowSaved;
import io.flowmesh.web.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a workflow version's declaration: its declared trigger or schedule is replaced by the one
 * the version's trigger node describes, or withdrawn when it starts by hand. An older or repeated
 * version changes nothing. A declaration event-service cannot apply (a hook the tenant does not
 * have) withdraws the old one and is recorded with its problem and logged.
 */
@Service
class Declarations {

  private static final Logger log = LoggerFactory.getLogger(Declarations.class);

  private final WorkflowDeclarations declarations;
  private final DeclaredTriggers triggers;
  private final DeclaredSchedules schedules;
  private final HookTypes hooks;

  Declarations(
      WorkflowDeclarations declarations,
      DeclaredTriggers triggers,
      DeclaredSchedules schedules,
      HookTypes hooks) {
    this.declarations = declarations;
    this.triggers = triggers;
    this.schedules = schedules;
    this.hooks = hooks;
  }

  @Transactional
  void saved(TenantId tenant, WorkflowSaved saved) {
    Optional<Integer> applied = declarations.lockVersion(tenant, saved.workflowId());
    if (applied.isPresent() && applied.get() >= saved.version()) {
      return;
    }
    triggers.withdraw(tenant, saved.workflowId());
    schedules.withdraw(tenant, saved.workflowId());
    String problem = null;
    try {
      declare(tenant, saved);
    } catch (InvalidRequestException e) {
      problem = e.getMessage();
      log.warn(
          "Workflow {} version {} declares a {} trigger event-service cannot apply: {}",
          saved.workflowId(),
          saved.version(),
          saved.triggerType(),
          problem);
    }
    declarations.applied(tenant, saved.workflowId(), saved.version(), saved.triggerType(), problem);
  }

  @Transactional
  void deleted(TenantId tenant, String workflowId) {
    triggers.withdraw(tenant, workflowId);
    schedules.withdraw(tenant, workflowId);
    declarations.forget(tenant, workflowId);
  }

  private void declare(TenantId tenant, WorkflowSaved saved) {
    Map<String, Object> trigger = saved.trigger() == null ? Map.of() : saved.trigger();
    switch (saved.triggerType()) {
      case "event" ->
          triggers.declare(
              tenant,
              saved.workflowId(),
              saved.version(),
              strings(trigger.get("eventTypes")),
              string(trigger.get("filter")),
              string(trigger.get("input")),
              string(trigger.get("businessKey")));
      case "webhook" -> {
        String hookId = string(trigger.get("hookId"));
        String type =
            hooks
                .eventType(tenant, hookId)
                .orElseThrow(
                    () ->
                        new InvalidRequestException(
                            "hookId", "the tenant has no inbound webhook '" + hookId + "'"));
        String fromHook = "event.source == '" + HookTypes.source(hookId) + "'";
        String filter = string(trigger.get("filter"));
        triggers.declare(
            tenant,
            saved.workflowId(),
            saved.version(),
            List.of(type),
            filter == null ? fromHook : fromHook + " && (" + filter + ")",
            string(trigger.get("input")),
            string(trigger.get("businessKey")));
      }
      case "schedule" -> schedules.declare(tenant, saved.workflowId(), saved.version(), trigger);
      default -> {
        // manual: nothing declared
      }
    }
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }
}
