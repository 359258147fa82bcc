package io.flowmesh.events.schedule;

import io.flowmesh.model.TenantId;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** The schedules workflows declare in their trigger nodes (docs/schedules.md). */
@Service
public class DeclaredSchedules {

  private final Schedules schedules;
  private final JsonMapper json;

  DeclaredSchedules(Schedules schedules, JsonMapper json) {
    this.schedules = schedules;
    this.json = json;
  }

  /**
   * The workflow's schedule is now the one its version declares: {@code cron} or {@code every},
   * {@code timeZone}, {@code input}.
   *
   * @throws io.flowmesh.web.InvalidRequestException naming what event-service cannot schedule
   */
  public void declare(
      TenantId tenant, String workflowId, int version, Map<String, Object> trigger) {
    Object input = trigger.get("input");
    schedules.declare(
        tenant,
        workflowId,
        version,
        new ScheduleRequest(
            "declared by workflow " + workflowId,
            workflowId,
            string(trigger.get("cron")),
            string(trigger.get("every")),
            null,
            string(trigger.get("timeZone")),
            input == null ? null : json.valueToTree(input),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /** The workflow declares no schedule (any more). */
  public void withdraw(TenantId tenant, String workflowId) {
    schedules.withdraw(tenant, workflowId);
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }
}
