package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml checked without Docker: the file is parsed (YAML anchors and merge keys
 * resolved as Compose does) and held against docs/CONVENTIONS-internal.md. What it cannot check:
 * that the images exist and start; that needs Docker.
 */
class DockerComposeTest {

  private static final Set<String> INFRASTRUCTURE = Set.of("postgres", "kafka");

  /** Started only with {@code --profile monitoring}. */
  private static final Set<String> MONITORING = Set.of("prometheus", "grafana");

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");

  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  static void parse() throws IOException {
    try (Reader reader =
        Files.newBufferedReader(Repo.resolve("docker-compose.yml"), StandardCharsets.UTF_8)) {
      Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      services = cast(compose.get("services"));
    }
  }

  @Test
  void runsPostgresKafkaAndEveryServiceModule() {
    Set<String> expected = new HashSet<>(INFRASTRUCTURE);
    expected.addAll(Conventions.PORTS.keySet());
    expected.addAll(MONITORING);
    assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(image("postgres")).isEqualTo("postgres:17");
    assertThat(image("kafka")).isEqualTo("apache/kafka:4.1.1");
  }

  @Test
  void everyFlowmeshImageIsTheJibImageOfAnExistingModule() {
    for (String name : Conventions.PORTS.keySet()) {
      assertThat(image(name)).isEqualTo(Conventions.image(name));
      String module = image(name).substring("flowmesh/".length(), image(name).indexOf(':'));
      assertThat(Repo.isModule(module)).as("module directory %s", module).isTrue();
    }
  }

  @Test
  void everyServiceHasAHealthCheckThatWorksInItsImage() {
    for (String name : services.keySet()) {
      Map<String, Object> healthcheck = section(services.get(name).get("healthcheck"));
      assertThat(healthcheck).as("%s healthcheck", name).isNotNull();
      String test = String.join(" ", strings(healthcheck.get("test")));
      assertThat(test).as("%s healthcheck test", name).isNotBlank();
      if (Conventions.PORTS.containsKey(name)) {
        // The eclipse-temurin JRE image has wget (and bash), but curl is not promised.
        assertThat(test)
            .as("%s checks readiness on its own port", name)
            .contains(
                "http://localhost:" + Conventions.PORTS.get(name) + "/actuator/health/readiness")
            .doesNotContain("curl");
        assertThat(healthcheck).containsKey("start_period");
      }
    }
    assertThat(
            String.join(
                " ", strings(section(services.get("postgres").get("healthcheck")).get("test"))))
        .contains("pg_isready");
    assertThat(
            String.join(
                " ", strings(section(services.get("kafka").get("healthcheck")).get("test"))))
        .contains("kafka-broker-api-versions.sh --bootstrap-server localhost:9092");
  }

  @Test
  void servicesStartOnlyWhenWhatTheyNeedIsHealthy() {
    for (String name : Conventions.PORTS.keySet()) {
      Map<String, Object> dependsOn = section(services.get(name).get("depends_on"));
      assertThat(dependsOn).as("%s depends_on (long form with conditions)", name).isNotNull();
      dependsOn.forEach(
          (dependency, spec) -> {
            assertThat(services)
                .as("%s depends on an existing service", name)
                .containsKey(dependency);
            assertThat(section(spec))
                .as("%s -> %s", name, dependency)
                .containsEntry("condition", "service_healthy");
          });
      if (name.equals(Conventions.GATEWAY)) {
        assertThat(dependsOn.keySet()).containsAll(Conventions.BACKEND_URL_NAMES.keySet());
      } else {
        assertThat(dependsOn.keySet()).containsAll(INFRASTRUCTURE);
      }
    }
  }

  @Test
  void everyServiceGetsTheEnvironmentItReads() {
    for (String name : Conventions.PORTS.keySet()) {
      Map<String, String> env = environment(name);
      assertThat(env.keySet())
          .as("%s environment", name)
          .containsAll(Conventions.requiredEnv(name));
      assertThat(env).containsEntry("SERVER_PORT", String.valueOf(Conventions.PORTS.get(name)));
      assertThat(env.get("JAVA_TOOL_OPTIONS"))
          .as("%s JAVA_TOOL_OPTIONS", name)
          .contains("MaxRAMPercentage");
    }
  }

  @Test
  void backendsReachTheDatabaseAndBrokerDefinedInThisFile() {
    Map<String, String> postgres = environment("postgres");
    Map<String, String> kafka = environment("kafka");
    String advertised = kafka.get("KAFKA_ADVERTISED_LISTENERS");
    for (String name : Conventions.BACKEND_URL_NAMES.keySet()) {
      Map<String, String> env = environment(name);
      assertReachesTheDatabase(name, env, postgres);
      assertThat(advertised).contains("://" + env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
    }
    // The gateway keeps API keys, tenants, audit and rate limits in the same database.
    assertReachesTheDatabase(Conventions.GATEWAY, environment(Conventions.GATEWAY), postgres);
  }

  private static void assertReachesTheDatabase(
      String name, Map<String, String> env, Map<String, String> postgres) {
    assertThat(env.get("SPRING_DATASOURCE_URL"))
        .as("%s database", name)
        .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
    assertThat(env.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
  }

  @Test
  void kafkaRunsInKraftModeAsOneNode() {
    Map<String, String> kafka = environment("kafka");
    assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
    assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
        .startsWith(kafka.get("KAFKA_NODE_ID") + "@");
    assertThat(kafka).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    assertThat(kafka).containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
    assertThat(kafka).containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
  }

  @Test
  void theGatewayRoutesToTheComposeServicesAndSharesTheirToken() {
    Map<String, String> gateway = environment(Conventions.GATEWAY);
    Conventions.BACKEND_URL_NAMES.forEach(
        (backend, urlName) ->
            assertThat(gateway.get("FLOWMESH_SERVICES_" + urlName + "_URL"))
                .isEqualTo("http://" + backend + ":" + environment(backend).get("SERVER_PORT")));
    for (String name : Conventions.BACKEND_URL_NAMES.keySet()) {
      assertThat(environment(name).get("FLOWMESH_EDGE_GATEWAY_TOKEN"))
          .as("%s trusts the token the gateway sends", name)
          .isEqualTo(gateway.get("FLOWMESH_EDGE_GATEWAY_TOKEN"));
    }
  }

  @Test
  void theDefaultBootstrapKeyHashIsTheDevKey() {
    String expression =
        environment(Conventions.GATEWAY).get("FLOWMESH_GATEWAY_BOOTSTRAP_KEY_SHA256");
    Matcher matcher = INTERPOLATION.matcher(expression);
    assertThat(matcher.matches()).as("overridable from the shell: %s", expression).isTrue();
    assertThat(matcher.group(2)).isEqualTo(Conventions.sha256Hex(Conventions.DEV_API_KEY));
  }

  @Test
  void onlyTheGatewayAndGrafanaPublishAPortAndOnlyOnLoopback() {
    for (String name : services.keySet()) {
      List<String> ports = strings(services.get(name).get("ports"));
      if (name.equals(Conventions.GATEWAY)) {
        assertThat(ports).singleElement().isEqualTo("127.0.0.1:8080:8080");
      } else if (name.equals("grafana")) {
        assertThat(ports).singleElement().isEqualTo("127.0.0.1:3000:3000");
      } else {
        assertThat(ports).as("%s publishes ports", name).isEmpty();
      }
    }
  }

  @Test
  void monitoringRunsOnlyInItsProfileWithTheRepositorysRulesAndDashboards() {
    for (String name : MONITORING) {
      assertThat(strings(services.get(name).get("profiles")))
          .as(name)
          .containsExactly("monitoring");
      for (String volume : strings(services.get(name).get("volumes"))) {
        if (volume.startsWith("./")) {
          String local = volume.substring(2, volume.indexOf(':'));
          assertThat(Files.isDirectory(Repo.resolve(local)))
              .as("%s mounts %s", name, local)
              .isTrue();
        }
      }
    }
  }

  @Test
  void interpolationsAreWellFormedAndHaveDefaults() throws IOException {
    // Compose fails on "${FOO" and silently uses "" for an unset ${FOO}: both break a fresh start.
    String text = Files.readString(Repo.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
    List<String> withoutDefault = new ArrayList<>();
    Matcher matcher = Pattern.compile("\\$\\{[^}]*}").matcher(text);
    while (matcher.find()) {
      Matcher one = INTERPOLATION.matcher(matcher.group());
      if (!one.matches() || one.group(2) == null || one.group(2).isEmpty()) {
        withoutDefault.add(matcher.group());
      }
    }
    assertThat(withoutDefault).isEmpty();
    assertThat(text.replaceAll("\\$\\{[^}]*}", "")).doesNotContain("${");
  }

  // ---- helpers ----

  private static String image(String service) {
    return (String) services.get(service).get("image");
  }

  private static Map<String, String> environment(String service) {
    Object env = services.get(service).get("environment");
    Map<String, String> result = new HashMap<>();
    if (env instanceof Map<?, ?> map) {
      map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (env instanceof List<?> list) {
      for (Object entry : list) {
        String[] kv = String.valueOf(entry).split("=", 2);
        result.put(kv[0], kv.length > 1 ? kv[1] : null);
      }
    }
    return result;
  }

  private static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(value));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }

  private static Map<String, Object> section(Object value) {
    return cast(value);
  }
}
