package io.flowmesh.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.launcher.postgres.PostgresConnection;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

  private final ServiceEnvironment environment =
      new ServiceEnvironment(
          new PostgresConnection("jdbc:postgresql://127.0.0.1:15432/flowmesh", "postgres", "pw"),
          "127.0.0.1:19092",
          "token",
          "bWFzdGVy",
          "ab12",
          "dev",
          defaultPorts(),
          Map.of());

  @Test
  void everyServiceGetsTheDatabaseTheBrokerItsPortAndTheGatewayToken() {
    Map<String, String> env = environment.forService(Service.ORCHESTRATOR);

    assertThat(env)
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15432/flowmesh")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "postgres")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "pw")
        .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
        .containsEntry("SERVER_PORT", "8081")
        .containsEntry("FLOWMESH_EDGE_GATEWAY_TOKEN", "token")
        .containsEntry("MANAGEMENT_TRACING_EXPORT_ENABLED", "false")
        .containsEntry("FLOWMESH_WEBHOOK_ALLOW_LOOPBACK", "true")
        .containsEntry("FLOWMESH_FUNCTIONS_ALLOW_LOOPBACK", "true")
        .containsEntry("FLOWMESH_INTEGRATIONS_ALLOW_LOOPBACK", "true");
  }

  @Test
  void onlyTheIntegrationServiceLearnsTheMasterKey() {
    assertThat(environment.forService(Service.INTEGRATION))
        .containsEntry("FLOWMESH_INTEGRATIONS_CRYPTO_KEYRING", "local=bWFzdGVy")
        .containsEntry("FLOWMESH_INTEGRATIONS_CRYPTO_ACTIVE_KEY_ID", "local");
    assertThat(environment.forService(Service.FUNCTION_RUNNER))
        .doesNotContainKey("FLOWMESH_INTEGRATIONS_CRYPTO_KEYRING");
  }

  @Test
  void onlyTheGatewayLearnsTheApiKeyHashAndItsTenant() {
    assertThat(environment.forService(Service.GATEWAY))
        .containsEntry("FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256", "ab12")
        .containsEntry("FLOWMESH_GATEWAY_BOOTSTRAP_KEY_TENANT", "dev")
        .containsEntry("SERVER_PORT", "8080");
    assertThat(environment.forService(Service.WEBHOOK))
        .doesNotContainKey("FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256");
  }

  @Test
  void theGatewayGetsTheDatabaseForItsKeysTenantsAuditAndRateLimits() {
    assertThat(environment.forService(Service.GATEWAY))
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15432/flowmesh")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "postgres")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "pw");
  }

  @Test
  void theGatewayRoutesToEveryBackendOnItsPort() {
    assertThat(environment.forService(Service.GATEWAY))
        .containsEntry("FLOWMESH_SERVICES_ORCHESTRATOR_URL", "http://127.0.0.1:8081")
        .containsEntry("FLOWMESH_SERVICES_FUNCTION_RUNNER_URL", "http://127.0.0.1:8082")
        .containsEntry("FLOWMESH_SERVICES_EVENT_URL", "http://127.0.0.1:8083")
        .containsEntry("FLOWMESH_SERVICES_INTEGRATION_URL", "http://127.0.0.1:8084")
        .containsEntry("FLOWMESH_SERVICES_WEBHOOK_URL", "http://127.0.0.1:8085")
        .doesNotContainKey("FLOWMESH_SERVICES_GATEWAY_URL");
  }

  @Test
  void extraVariablesWinOverTheDefaults() {
    ServiceEnvironment custom =
        new ServiceEnvironment(
            environment.postgres(),
            environment.kafkaBootstrapServers(),
            "token",
            "bWFzdGVy",
            "ab12",
            "dev",
            defaultPorts(),
            Map.of("FLOWMESH_WEBHOOK_ALLOW_LOOPBACK", "false", "LOGGING_LEVEL_ROOT", "debug"));

    assertThat(custom.forService(Service.WEBHOOK))
        .containsEntry("FLOWMESH_WEBHOOK_ALLOW_LOOPBACK", "false")
        .containsEntry("LOGGING_LEVEL_ROOT", "debug");
  }

  private static Map<Service, Integer> defaultPorts() {
    Map<Service, Integer> ports = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      ports.put(service, service.defaultPort());
    }
    return ports;
  }
}
