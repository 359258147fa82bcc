package io.flowmesh.gateway.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

class AccessRulesTest {

  @Test
  void readingAndChangingARunNeedDifferentScopes() {
    assertThat(scopes(HttpMethod.GET, "/api/v1/runs")).containsExactly(Scope.RUNS_READ);
    assertThat(scopes(HttpMethod.GET, "/api/v1/runs/run_1/history"))
        .containsExactly(Scope.RUNS_READ);
    assertThat(scopes(HttpMethod.POST, "/api/v1/runs/run_1/cancel"))
        .containsExactly(Scope.RUNS_WRITE);
    assertThat(scopes(HttpMethod.DELETE, "/api/v1/runs/run_1")).containsExactly(Scope.RUNS_WRITE);
  }

  @Test
  void manualTasksUnderARunAreTheirOwnResource() {
    assertThat(scopes(HttpMethod.GET, "/api/v1/runs/tasks")).containsExactly(Scope.TASKS_READ);
    assertThat(scopes(HttpMethod.GET, "/api/v1/runs/run_1/tasks"))
        .containsExactly(Scope.TASKS_READ);
    assertThat(scopes(HttpMethod.POST, "/api/v1/runs/run_1/tasks/task_1/complete"))
        .containsExactly(Scope.TASKS_WRITE);
  }

  @Test
  void startingAWorkflowBuilderRunSavesItsDefinitionSoNeedsBothScopes() {
    assertThat(scopes(HttpMethod.POST, "/api/v2/workflows"))
        .containsExactlyInAnyOrder(Scope.DEFINITIONS_WRITE, Scope.RUNS_WRITE);
    assertThat(scopes(HttpMethod.GET, "/api/v2/workflows/wf_1/status"))
        .containsExactly(Scope.RUNS_READ);
  }

  @Test
  void externalWorkersNeedTheWorkersScopeAndNothingElseDoes() {
    assertThat(scopes(HttpMethod.POST, "/api/v1/workers/tasks/poll"))
        .containsExactly(Scope.WORKERS);
    assertThat(scopes(HttpMethod.POST, "/api/v1/workers/tasks/exe_1/complete"))
        .containsExactly(Scope.WORKERS);
    assertThat(AccessRules.rules())
        .filteredOn(rule -> rule.scopes().contains(Scope.WORKERS))
        .allMatch(rule -> rule.path().getPatternString().startsWith("/api/v1/workers/"));
  }

  @Test
  void theGatewaysOwnEndpointsNeedAdminScopes() {
    assertThat(scopes(HttpMethod.GET, "/api/v1/api-keys")).containsExactly(Scope.KEYS_ADMIN);
    assertThat(scopes(HttpMethod.POST, "/api/v1/api-keys/key_1/rotate"))
        .containsExactly(Scope.KEYS_ADMIN);
    assertThat(scopes(HttpMethod.GET, "/api/v1/audit")).containsExactly(Scope.TENANT_ADMIN);
    assertThat(scopes(HttpMethod.POST, "/api/v1/tenants/acme/suspend"))
        .containsExactly(Scope.PLATFORM_ADMIN);
  }

  @Test
  void probesDocsAndInboundWebhooksArePublicButTheHooksApiIsNot() {
    assertThat(AccessRules.isPublic(path("/actuator/health/readiness"))).isTrue();
    assertThat(AccessRules.isPublic(path("/v3/api-docs/flowmesh"))).isTrue();
    assertThat(AccessRules.isPublic(path("/hooks/hook_1"))).isTrue();
    assertThat(AccessRules.isPublic(path("/api/v1/hooks"))).isFalse();
  }

  @Test
  void aMethodOrPathNoRuleKnowsHasNoRule() {
    assertThat(AccessRules.ruleFor(HttpMethod.TRACE, path("/api/v1/runs"))).isEmpty();
    assertThat(AccessRules.ruleFor(HttpMethod.GET, path("/api/v1/secrets"))).isEmpty();
    assertThat(AccessRules.ruleFor(HttpMethod.GET, path("/execute"))).isEmpty();
  }

  @Test
  void scopesAreKnownByTheirWireNames() {
    assertThat(Scope.fromWireName("webhooks:admin")).contains(Scope.WEBHOOKS_ADMIN);
    assertThat(Scope.fromWireName("webhooks:write")).isEmpty();
    assertThat(Scope.tenantScopes()).doesNotContain(Scope.PLATFORM_ADMIN).contains(Scope.WORKERS);
  }

  private static Set<Scope> scopes(HttpMethod method, String path) {
    return AccessRules.ruleFor(method, path(path)).orElseThrow().scopes();
  }

  private static PathContainer path(String path) {
    return PathContainer.parsePath(path);
  }
}
