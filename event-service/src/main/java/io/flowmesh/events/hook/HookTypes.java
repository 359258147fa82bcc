package io.flowmesh.events.hook;

import io.flowmesh.model.TenantId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** What the rest of event-service may know of a tenant's hook: the event type it receives. */
@Component
public class HookTypes {

  private final HookRepository hooks;

  HookTypes(HookRepository hooks) {
    this.hooks = hooks;
  }

  /** The event type of the tenant's hook, if the tenant has it. */
  public Optional<String> eventType(TenantId tenant, String hookId) {
    return hooks.find(tenant, hookId).map(Hook::eventType);
  }

  /** The {@code source} of the events the hook stores. */
  public static String source(String hookId) {
    return Hook.pathOf(hookId);
  }
}
