package io.flowmesh.launcher.services;

import io.flowmesh.launcher.postgres.PostgresConnection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every service reads (CONVENTIONS-internal.md), and what the gateway reads on top.
 *
 * @param postgres the shared database
 * @param kafkaBootstrapServers the broker
 * @param gatewayToken the shared secret the gateway sends to the services
 * @param integrationsMasterKey base64 of the 32-byte master key integration-service wraps
 *     connection secrets with (kept in the data directory, like the gateway token)
 * @param apiKeySha256 hex SHA-256 of the bootstrap API key (the gateway never sees the key itself)
 * @param tenant the tenant the bootstrap key maps to
 * @param ports the port of each service that runs
 * @param extra more variables for every service, applied last
 */
public record ServiceEnvironment(
    PostgresConnection postgres,
    String kafkaBootstrapServers,
    String gatewayToken,
    String integrationsMasterKey,
    String apiKeySha256,
    String tenant,
    Map<Service, Integer> ports,
    Map<String, String> extra) {

  /** The id the local master key is known by in integration-service's key ring. */
  static final String LOCAL_KEY_ID = "local";

  /** The variables for one service. */
  public Map<String, String> forService(Service service) {
    Map<String, String> env = new LinkedHashMap<>();
    // the gateway too: its API keys, tenants, audit log and rate limits (schema "gateway")
    env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", postgres.username());
    env.put("SPRING_DATASOURCE_PASSWORD", postgres.password());
    // six pools of ten idle connections each would be sixty idle backends; grow on demand instead
    env.put("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "2");
    env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
    env.put("SERVER_PORT", Integer.toString(ports.get(service)));
    env.put("FLOWMESH_EDGE_GATEWAY_TOKEN", gatewayToken);
    // no collector runs locally; an empty OTLP endpoint would stop a service from starting
    env.put("MANAGEMENT_TRACING_EXPORT_ENABLED", "false");
    env.put("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "false");
    // local development may point webhooks and HTTP functions at receivers on this machine
    env.put("FLOWMESH_WEBHOOK_ALLOW_LOOPBACK", "true");
    env.put("FLOWMESH_FUNCTIONS_ALLOW_LOOPBACK", "true");
    env.put("FLOWMESH_INTEGRATIONS_ALLOW_LOOPBACK", "true");
    ports.forEach(
        (other, port) ->
            other
                .routeName()
                .ifPresent(
                    name ->
                        env.put("FLOWMESH_SERVICES_" + name + "_URL", "http://127.0.0.1:" + port)));
    if (service == Service.INTEGRATION) {
      env.put("FLOWMESH_INTEGRATIONS_CRYPTO_KEYRING", LOCAL_KEY_ID + "=" + integrationsMasterKey);
      env.put("FLOWMESH_INTEGRATIONS_CRYPTO_ACTIVE_KEY_ID", LOCAL_KEY_ID);
    }
    if (service == Service.GATEWAY) {
      env.put("FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256", apiKeySha256);
      env.put("FLOWMESH_GATEWAY_BOOTSTRAP_KEY_TENANT", tenant);
    }
    env.putAll(extra);
    return env;
  }
}
