package io.flowmesh.gateway.scopes;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an API key may do: one scope per resource and verb, named {@code resource:verb} on the wire.
 * Which request needs which scope is decided in one place, {@link AccessRules}.
 */
public enum Scope {
  RUNS_READ("runs:read"),
  RUNS_WRITE("runs:write"),
  DEFINITIONS_READ("definitions:read"),
  DEFINITIONS_WRITE("definitions:write"),
  FUNCTIONS_READ("functions:read"),
  FUNCTIONS_WRITE("functions:write"),
  FUNCTIONS_EXECUTE("functions:execute"),
  EVENTS_READ("events:read"),
  EVENTS_WRITE("events:write"),
  WEBHOOKS_READ("webhooks:read"),
  WEBHOOKS_ADMIN("webhooks:admin"),
  INTEGRATIONS_READ("integrations:read"),
  INTEGRATIONS_ADMIN("integrations:admin"),
  TASKS_READ("tasks:read"),
  TASKS_WRITE("tasks:write"),
  KEYS_ADMIN("keys:admin"),
  TENANT_ADMIN("tenant:admin"),
  /** External workers: poll for tasks and answer them ({@code /api/v1/workers/**}). */
  WORKERS("workers"),
  /** Tenants across the platform; only the bootstrap key and keys of the platform tenant. */
  PLATFORM_ADMIN("platform:admin");

  private static final Map<String, Scope> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Scope::wireName, Function.identity()));

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  /** The name clients send and see, e.g. {@code runs:read}. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Scope> fromWireName(String name) {
    return Optional.ofNullable(name).map(BY_NAME::get);
  }

  /** Every scope a tenant's own key may hold: all but {@link #PLATFORM_ADMIN}. */
  public static Set<Scope> tenantScopes() {
    return EnumSet.complementOf(EnumSet.of(PLATFORM_ADMIN));
  }

  /** Every scope there is: the bootstrap key's. */
  public static Set<Scope> all() {
    return EnumSet.allOf(Scope.class);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
