package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The triggers workflows declare in their trigger nodes (docs/events.md). */
@Service
public class DeclaredTriggers {

  private final TriggerRepository triggers;
  private final CelExpressions expressions;

  DeclaredTriggers(TriggerRepository triggers, CelExpressions triggerExpressions) {
    this.triggers = triggers;
    this.expressions = triggerExpressions;
  }

  /**
   * The workflow's trigger is now the one its version declares.
   *
   * @param eventTypes the types that start it
   * @param filter CEL bool over {@code event}, or null
   * @param input CEL giving the run's input, or null for the event's data
   * @param businessKey CEL string, or null
   * @throws io.flowmesh.web.InvalidRequestException naming what is wrong with the declaration
   */
  @Transactional
  public void declare(
      TenantId tenant,
      String workflowId,
      int version,
      List<String> eventTypes,
      String filter,
      String input,
      String businessKey) {
    TriggerRequest request =
        new TriggerRequest(
            "declared by workflow " + workflowId,
            workflowId,
            eventTypes,
            filter,
            input,
            businessKey,
            null,
            null,
            null,
            true);
    request.check(expressions);
    Instant now = Instant.now();
    triggers.deleteDeclared(tenant, workflowId);
    triggers.insert(
        tenant, TriggerController.toTrigger(UuidV7.prefixed("trg"), request, version, now, now));
  }

  /** The workflow declares no trigger (any more). */
  @Transactional
  public void withdraw(TenantId tenant, String workflowId) {
    triggers.deleteDeclared(tenant, workflowId);
  }
}
