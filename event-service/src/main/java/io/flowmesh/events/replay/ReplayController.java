package io.flowmesh.events.replay;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/events/replay}: stored events through the triggers again. */
@RestController
@Tag(name = "Events")
class ReplayController {

  private final ReplayService replays;

  ReplayController(ReplayService replays) {
    this.replays = replays;
  }

  @PostMapping("/api/v1/events/replay")
  @Operation(
      summary =
          "Replay the stored events of a time range (and type, source, subject) into every"
              + " trigger or one. A dry run (the default) says how many events match and which"
              + " runs would start; events a trigger evaluated before are skipped unless forced."
              + " At most 10,000 events per replay")
  ReplayResult replay(Tenant tenant, @RequestBody ReplayRequest request) {
    return replays.replay(TenantId.of(tenant.id()), request);
  }
}
