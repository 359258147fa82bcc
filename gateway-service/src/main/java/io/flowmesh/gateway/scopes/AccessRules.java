package io.flowmesh.gateway.scopes;

import static io.flowmesh.gateway.scopes.Scope.DEFINITIONS_READ;
import static io.flowmesh.gateway.scopes.Scope.DEFINITIONS_WRITE;
import static io.flowmesh.gateway.scopes.Scope.EVENTS_READ;
import static io.flowmesh.gateway.scopes.Scope.EVENTS_WRITE;
import static io.flowmesh.gateway.scopes.Scope.FUNCTIONS_EXECUTE;
import static io.flowmesh.gateway.scopes.Scope.FUNCTIONS_READ;
import static io.flowmesh.gateway.scopes.Scope.FUNCTIONS_WRITE;
import static io.flowmesh.gateway.scopes.Scope.INTEGRATIONS_ADMIN;
import static io.flowmesh.gateway.scopes.Scope.INTEGRATIONS_READ;
import static io.flowmesh.gateway.scopes.Scope.KEYS_ADMIN;
import static io.flowmesh.gateway.scopes.Scope.PLATFORM_ADMIN;
import static io.flowmesh.gateway.scopes.Scope.RUNS_READ;
import static io.flowmesh.gateway.scopes.Scope.RUNS_WRITE;
import static io.flowmesh.gateway.scopes.Scope.TASKS_READ;
import static io.flowmesh.gateway.scopes.Scope.TASKS_WRITE;
import static io.flowmesh.gateway.scopes.Scope.TENANT_ADMIN;
import static io.flowmesh.gateway.scopes.Scope.WEBHOOKS_ADMIN;
import static io.flowmesh.gateway.scopes.Scope.WEBHOOKS_READ;
import static io.flowmesh.gateway.scopes.Scope.WORKERS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one table of who may call what: the public paths that need no API key, and for every other
 * path and method the scopes a key must hold. Rules are tried in order and the first that matches
 * decides, so narrower paths (a run's manual tasks) come before the resource they live under.
 *
 * <p>A request that no rule matches is refused with 404 and never forwarded: a route added to the
 * gateway without a rule here is unreachable, not open ({@code AccessRulesCoverRoutesIT} fails the
 * build when that happens). docs/security.md shows this table to users; keep the two in step.
 */
public final class AccessRules {

  /** Probes, metrics, the aggregated API docs with Swagger UI, inbound webhooks, the console. */
  private static final List<PathPattern> PUBLIC_PATHS =
      Stream.of(
              "/actuator/**",
              "/v3/api-docs/**",
              "/swagger-ui.html",
              "/swagger-ui/**",
              "/webjars/swagger-ui/**",
              // event-service verifies each inbound webhook by its own scheme: providers have no
              // key
              "/hooks/**",
              // the web console's page and assets; its API calls carry the signed-in key
              "/console/**")
          .map(PathPatternParser.defaultInstance::parse)
          .toList();

  private static final List<AccessRule> RULES =
      new Table()
          // Manual tasks live under /runs but are a resource of their own, for people and task UIs.
          .read("/api/v1/runs/tasks", TASKS_READ)
          .read("/api/v1/runs/{runId}/tasks", TASKS_READ)
          .write("/api/v1/runs/{runId}/tasks/{taskId}/complete", TASKS_WRITE)
          .resource("/api/v1/runs/**", RUNS_READ, RUNS_WRITE)
          .resource("/api/v1/workflow-definitions/**", DEFINITIONS_READ, DEFINITIONS_WRITE)
          // The Workflow Builder API: starting one saves its definition and starts the run.
          .write("/api/v2/workflows", DEFINITIONS_WRITE, RUNS_WRITE)
          .resource("/api/v2/workflows/**", RUNS_READ, RUNS_WRITE)
          .resource("/api/v1/functions/**", FUNCTIONS_READ, FUNCTIONS_WRITE)
          .write("/execute", FUNCTIONS_EXECUTE)
          // External workers poll for their tasks and answer them; nothing else needs the scope.
          .resource("/api/v1/workers/**", WORKERS, WORKERS)
          .resource("/api/v1/events/**", EVENTS_READ, EVENTS_WRITE)
          .resource("/api/v1/event-types/**", EVENTS_READ, EVENTS_WRITE)
          .resource("/api/v1/triggers/**", EVENTS_READ, EVENTS_WRITE)
          .resource("/api/v1/schedules/**", EVENTS_READ, EVENTS_WRITE)
          // Inbound webhooks' configuration carries their secrets: administered like outbound ones.
          .resource("/api/v1/hooks/**", WEBHOOKS_READ, WEBHOOKS_ADMIN)
          .resource("/api/v1/webhook-subscriptions/**", WEBHOOKS_READ, WEBHOOKS_ADMIN)
          .resource("/api/v1/webhook-deliveries/**", WEBHOOKS_READ, WEBHOOKS_ADMIN)
          .resource("/api/v1/integration-types/**", INTEGRATIONS_READ, INTEGRATIONS_ADMIN)
          .resource("/api/v1/connections/**", INTEGRATIONS_READ, INTEGRATIONS_ADMIN)
          // Served by the gateway itself.
          .resource("/api/v1/api-keys/**", KEYS_ADMIN, KEYS_ADMIN)
          .read("/api/v1/audit", TENANT_ADMIN)
          .resource("/api/v1/tenants/**", PLATFORM_ADMIN, PLATFORM_ADMIN)
          .rules();

  private AccessRules() {}

  /** Whether the path is served without an API key. */
  public static boolean isPublic(PathContainer path) {
    return PUBLIC_PATHS.stream().anyMatch(pattern -> pattern.matches(path));
  }

  /** The rule that decides this request, if any does. */
  public static Optional<AccessRule> ruleFor(HttpMethod method, PathContainer path) {
    Optional<Access> access = Access.of(method);
    if (access.isEmpty()) {
      return Optional.empty();
    }
    return RULES.stream()
        .filter(rule -> rule.access() == access.get() && rule.path().matches(path))
        .findFirst();
  }

  /** All rules, in the order they are tried. */
  public static List<AccessRule> rules() {
    return RULES;
  }

  /** Reading or changing, by HTTP method. */
  public enum Access {
    READ,
    WRITE;

    static Optional<Access> of(HttpMethod method) {
      if (method.equals(HttpMethod.GET)
          || method.equals(HttpMethod.HEAD)
          || method.equals(HttpMethod.OPTIONS)) {
        return Optional.of(READ);
      }
      if (method.equals(HttpMethod.POST)
          || method.equals(HttpMethod.PUT)
          || method.equals(HttpMethod.PATCH)
          || method.equals(HttpMethod.DELETE)) {
        return Optional.of(WRITE);
      }
      return Optional.empty();
    }
  }

  /**
   * One line of the table.
   *
   * @param path the path pattern, as Spring matches it ({@code /**} matches the path itself too)
   * @param access reading (GET, HEAD, OPTIONS) or changing (POST, PUT, PATCH, DELETE)
   * @param scopes every scope the key must hold
   */
  public record AccessRule(PathPattern path, Access access, Set<Scope> scopes) {}

  private static final class Table {

    private final List<AccessRule> rules = new ArrayList<>();

    Table read(String path, Scope first, Scope... more) {
      return add(path, Access.READ, first, more);
    }

    Table write(String path, Scope first, Scope... more) {
      return add(path, Access.WRITE, first, more);
    }

    Table resource(String path, Scope read, Scope write) {
      return read(path, read).write(path, write);
    }

    private Table add(String path, Access access, Scope first, Scope... more) {
      rules.add(
          new AccessRule(
              PathPatternParser.defaultInstance.parse(path),
              access,
              Collections.unmodifiableSet(EnumSet.of(first, more))));
      return this;
    }

    List<AccessRule> rules() {
      return List.copyOf(rules);
    }
  }
}
