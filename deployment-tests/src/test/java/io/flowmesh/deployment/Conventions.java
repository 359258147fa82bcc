package io.flowmesh.deployment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What docs/CONVENTIONS-internal.md says about the services, in one place for both the Kubernetes
 * and the Compose checks.
 */
final class Conventions {

  private Conventions() {}

  static final String VERSION = "0.1.0-SNAPSHOT";

  /** The development API key the dev overlay and docker-compose.yml accept (never for prod). */
  static final String DEV_API_KEY = "fm_dev_key";

  static final String GATEWAY = "gateway-service";

  /** Service module name to its HTTP port (actuator on the same port). */
  static final Map<String, Integer> PORTS = ports();

  /**
   * The services behind the gateway, with the name used in {@code FLOWMESH_SERVICES_<NAME>_URL}.
   */
  static final Map<String, String> BACKEND_URL_NAMES =
      Map.of(
          "orchestrator-service", "ORCHESTRATOR",
          "function-runner-service", "FUNCTION_RUNNER",
          "event-service", "EVENT",
          "integration-service", "INTEGRATION",
          "webhook-service", "WEBHOOK");

  /** Environment every backend reads. */
  static final List<String> BACKEND_ENV =
      List.of(
          "SPRING_DATASOURCE_URL",
          "SPRING_DATASOURCE_USERNAME",
          "SPRING_DATASOURCE_PASSWORD",
          "SPRING_KAFKA_BOOTSTRAP_SERVERS",
          "FLOWMESH_EDGE_GATEWAY_TOKEN",
          "SERVER_PORT");

  /** Environment the gateway reads. */
  static final List<String> GATEWAY_ENV =
      List.of(
          "SPRING_DATASOURCE_URL",
          "SPRING_DATASOURCE_USERNAME",
          "SPRING_DATASOURCE_PASSWORD",
          "FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256",
          "FLOWMESH_GATEWAY_BOOTSTRAP_KEY_TENANT",
          "FLOWMESH_EDGE_GATEWAY_TOKEN",
          "FLOWMESH_SERVICES_ORCHESTRATOR_URL",
          "FLOWMESH_SERVICES_FUNCTION_RUNNER_URL",
          "FLOWMESH_SERVICES_EVENT_URL",
          "FLOWMESH_SERVICES_INTEGRATION_URL",
          "FLOWMESH_SERVICES_WEBHOOK_URL",
          "SERVER_PORT");

  /** Variables whose value is a credential and so must never be written out in a manifest. */
  static final Set<String> SECRET_ENV =
      Set.of(
          "SPRING_DATASOURCE_PASSWORD",
          "FLOWMESH_EDGE_GATEWAY_TOKEN",
          "FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256");

  static List<String> requiredEnv(String service) {
    return GATEWAY.equals(service) ? GATEWAY_ENV : BACKEND_ENV;
  }

  static String image(String service) {
    return "flowmesh/" + service + ":" + VERSION;
  }

  /** Hex SHA-256, as the gateway's bootstrap key hash is written. */
  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("gateway-service", 8080);
    ports.put("orchestrator-service", 8081);
    ports.put("function-runner-service", 8082);
    ports.put("event-service", 8083);
    ports.put("integration-service", 8084);
    ports.put("webhook-service", 8085);
    return Collections.unmodifiableMap(ports);
  }
}
