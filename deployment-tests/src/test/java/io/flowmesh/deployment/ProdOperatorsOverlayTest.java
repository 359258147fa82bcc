package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/overlays/prod-operators rendered offline: prod plus the operators' resources (CloudNativePG,
 * Strimzi with every topic declared, KEDA, Prometheus Operator). What a cluster would otherwise
 * reveal only at the first load peak: a consumer scaled by KEDA and by an HPA at once, a
 * ScaledObject on a consumer group or topic no service uses, a topic the services publish to that
 * Strimzi does not create (auto-creation is off), a database a replica cannot survive.
 */
class ProdOperatorsOverlayTest {

  private static final String CONSUMERS_SCALED_BY_LAG = "function-runner-service|webhook-service";

  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = Manifests.render("prod-operators");
  }

  @Test
  void everyTypedObjectUsesOnlyFieldsTheApiKnowsAndEveryOtherBelongsToAKnownOperator() {
    List<String> problems = new ArrayList<>();
    for (HasMetadata object : manifests.objects()) {
      assertThat(object.getMetadata().getNamespace())
          .as(Manifests.id(object))
          .isIn(null, "flowmesh");
      if (object instanceof GenericKubernetesResource resource) {
        assertThat(Manifests.OPERATOR_GROUPS)
            .as(Manifests.id(resource))
            .contains(resource.getApiVersion().split("/")[0]);
      } else {
        UnknownFields.of(object).forEach(path -> problems.add(Manifests.id(object) + ": " + path));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(manifests.customResources("monitoring.coreos.com/v1", "PrometheusRule"))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("flowmesh-alerts");
    assertThat(manifests.customResources("monitoring.coreos.com/v1", "PodMonitor")).hasSize(1);
  }

  @Test
  void kafkaConsumersScaleOnTheLagOfTheirOwnGroupAndTopicAndNothingElseScalesThem() {
    List<GenericKubernetesResource> scaled =
        manifests.customResources("keda.sh/v1alpha1", "ScaledObject");
    assertThat(scaled)
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(CONSUMERS_SCALED_BY_LAG.split("\\|"));
    for (GenericKubernetesResource object : scaled) {
      Map<String, Object> spec = map(object.getAdditionalProperties(), "spec");
      String target = (String) map(spec, "scaleTargetRef").get("name");
      assertThat(manifests.find(Deployment.class, target)).as("target %s", target).isPresent();
      assertThat(manifests.find(HorizontalPodAutoscaler.class, target))
          .as("%s: a ScaledObject and an HPA would fight over the replicas", target)
          .isEmpty();
      Map<String, Object> kafka =
          triggers(spec).stream()
              .filter(t -> "kafka".equals(t.get("type")))
              .findFirst()
              .map(t -> map(t, "metadata"))
              .orElseThrow(() -> new AssertionError(target + " has no kafka trigger"));
      assertThat(kafka.get("bootstrapServers")).isEqualTo("flowmesh-kafka-bootstrap:9092");
      String listener = listenerSource(target);
      assertThat(listener)
          .as("%s listens to the trigger's topic constant", target)
          .contains("Topics." + topicConstant((String) kafka.get("topic")));
      assertThat(listener)
          .as("%s consumes in the trigger's group", target)
          .satisfiesAnyOf(
              s -> assertThat(s).contains("groupId = \"" + kafka.get("consumerGroup") + "\""),
              s -> assertThat(s).contains(":" + kafka.get("consumerGroup") + "}\""));
    }
  }

  @Test
  void theGatewayScalesOnCpuAndEveryPodSpreadsOverZonesAndNodes() {
    HorizontalPodAutoscaler gateway =
        manifests.get(HorizontalPodAutoscaler.class, Conventions.GATEWAY);
    assertThat(gateway.getSpec().getMetrics())
        .singleElement()
        .satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
    for (Deployment deployment : manifests.all(Deployment.class)) {
      assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
          .as(Manifests.id(deployment))
          .extracting(c -> c.getTopologyKey())
          .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    }
  }

  @Test
  void everyTopicTheServicesUseIsDeclaredReplicatedWithEnoughPartitionsForTheScaledConsumers()
      throws IOException {
    Set<String> declared =
        Set.copyOf(
            manifests.customResources("kafka.strimzi.io/v1", "KafkaTopic").stream()
                .map(t -> (String) map(t.getAdditionalProperties(), "spec").get("topicName"))
                .toList());
    assertThat(declared).containsExactlyInAnyOrderElementsOf(topicsOfCommonModel().values());
    int maxReplicas =
        manifests.customResources("keda.sh/v1alpha1", "ScaledObject").stream()
            .mapToInt(
                s -> (Integer) map(s.getAdditionalProperties(), "spec").get("maxReplicaCount"))
            .max()
            .orElseThrow();
    for (GenericKubernetesResource topic :
        manifests.customResources("kafka.strimzi.io/v1", "KafkaTopic")) {
      Map<String, Object> spec = map(topic.getAdditionalProperties(), "spec");
      assertThat((Integer) spec.get("partitions"))
          .as("%s partitions", spec.get("topicName"))
          .isGreaterThanOrEqualTo(maxReplicas);
      assertThat(spec.get("replicas")).as("%s replicas", spec.get("topicName")).isEqualTo(3);
      assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "flowmesh");
    }
    Map<String, Object> kafka =
        map(
            map(
                manifests
                    .customResources("kafka.strimzi.io/v1", "Kafka")
                    .getFirst()
                    .getAdditionalProperties(),
                "spec"),
            "kafka");
    assertThat(map(kafka, "config"))
        .containsEntry("auto.create.topics.enable", false)
        .containsEntry("min.insync.replicas", 2);
  }

  @Test
  void postgresHasThreeInstancesUnderTheNameAndOwnerTheServicesUse() {
    GenericKubernetesResource cluster =
        manifests.customResources("postgresql.cnpg.io/v1", "Cluster").getFirst();
    assertThat(cluster.getMetadata().getName()).isEqualTo("flowmesh-db");
    Map<String, Object> spec = map(cluster.getAdditionalProperties(), "spec");
    assertThat(spec.get("instances")).isEqualTo(3);
    assertThat(map(map(spec, "bootstrap"), "initdb"))
        .containsEntry("database", "flowmesh")
        .containsEntry("owner", "flowmesh");
  }

  // ---- helpers ----

  /** Constant name to topic name, read from common-model's Topics. */
  static Map<String, String> topicsOfCommonModel() throws IOException {
    String source =
        Files.readString(
            Repo.resolve("common-model/src/main/java/io/flowmesh/model/Topics.java"),
            StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("public static final String (\\w+) = \"([^\"]+)\";").matcher(source);
    Map<String, String> topics = new java.util.TreeMap<>();
    while (m.find()) {
      topics.put(m.group(1), m.group(2));
    }
    assertThat(topics).as("topics in Topics.java").isNotEmpty();
    return topics;
  }

  private static String topicConstant(String topic) {
    try {
      return topicsOfCommonModel().entrySet().stream()
          .filter(e -> e.getValue().equals(topic))
          .map(Map.Entry::getKey)
          .findFirst()
          .orElseThrow(() -> new AssertionError(topic + " is not a topic of Topics.java"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The @KafkaListener sources of a service, concatenated. */
  private static String listenerSource(String service) {
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(Repo.resolve(service + "/src/main/java"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        if (source.contains("@KafkaListener(")) {
          all.append(source);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return all.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> triggers(Map<String, Object> spec) {
    return (List<Map<String, Object>>) spec.get("triggers");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
