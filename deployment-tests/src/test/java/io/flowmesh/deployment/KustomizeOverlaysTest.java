package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders k8s/overlays/dev and k8s/overlays/prod with kubectl (offline) and checks what an operator
 * would otherwise find out on a live cluster: objects the API would reject or silently ignore,
 * services without probes, limits or a security context, wrong wiring between Deployments,
 * Services, autoscalers and budgets, broader RBAC or network access than intended.
 */
class KustomizeOverlaysTest {

  private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

  private static Manifests rendered(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Manifests::render);
  }

  // ---- every object ----

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyTypedObjectUsesOnlyFieldsTheApiKnows(String overlay) {
    List<String> unknown = new ArrayList<>();
    for (HasMetadata object : rendered(overlay).objects()) {
      if (object instanceof GenericKubernetesResource) {
        continue; // operator custom resources: no model, checked below
      }
      UnknownFields.of(object).forEach(path -> unknown.add(Manifests.id(object) + ": " + path));
    }
    assertThat(unknown).as("%s: fields unknown to the Kubernetes API", overlay).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyOperatorCustomResourcesAreUntyped(String overlay) {
    // A misspelt kind or apiVersion of a built-in object would also come back untyped.
    for (GenericKubernetesResource resource : rendered(overlay).customResources()) {
      String group = resource.getApiVersion().split("/")[0];
      assertThat(Manifests.OPERATOR_GROUPS)
          .as(
              "%s: %s (%s) is neither a built-in kind nor a resource of a known operator",
              overlay, Manifests.id(resource), resource.getApiVersion())
          .contains(group);
      assertThat(resource.getMetadata().getName()).as(Manifests.id(resource)).isNotBlank();
      assertThat(resource.getAdditionalProperties().get("spec"))
          .as("%s has a spec object", Manifests.id(resource))
          .isInstanceOf(Map.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everythingLivesInTheOverlayNamespace(String overlay) {
    Manifests manifests = rendered(overlay);
    String namespace = overlay.equals("prod") ? "flowmesh" : "flowmesh-dev";
    assertThat(manifests.get(Namespace.class, namespace).getMetadata().getLabels())
        .containsKey("pod-security.kubernetes.io/enforce");
    for (HasMetadata object : manifests.objects()) {
      if (!(object instanceof Namespace)) {
        assertThat(object.getMetadata().getNamespace())
            .as(Manifests.id(object))
            .isEqualTo(namespace);
      }
    }
  }

  // ---- Deployments ----

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void oneDeploymentPerServiceModuleWithTheJibImage(String overlay) {
    List<Deployment> deployments = rendered(overlay).all(Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(Conventions.PORTS.keySet());
    for (Deployment deployment : deployments) {
      String name = deployment.getMetadata().getName();
      assertThat(Repo.isModule(name)).as("%s is a Maven module directory", name).isTrue();
      assertThat(app(deployment).getImage()).isEqualTo(Conventions.image(name));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyDeploymentHasProbesOnTheActuatorGroups(String overlay) {
    for (Deployment deployment : rendered(overlay).all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      Container app = app(deployment);
      assertThat(app.getPorts())
          .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
          .as(name)
          .containsExactly(tuple("http", Conventions.PORTS.get(name)));
      assertHttpProbe(name, "liveness", app.getLivenessProbe(), "/actuator/health/liveness");
      assertHttpProbe(name, "readiness", app.getReadinessProbe(), "/actuator/health/readiness");
      assertHttpProbe(name, "startup", app.getStartupProbe(), "/actuator/health/liveness");
      // The startup probe must allow a slow first start before liveness may kill the pod.
      Probe startup = app.getStartupProbe();
      assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
          .as("%s: seconds the startup probe waits", name)
          .isGreaterThanOrEqualTo(120);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyDeploymentHasRequestsAndLimitsAndAHeapThatFollowsThem(String overlay) {
    Manifests manifests = rendered(overlay);
    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      ResourceRequirements resources = app(deployment).getResources();
      assertThat(resources.getRequests()).as("%s requests", name).containsKeys("cpu", "memory");
      assertThat(resources.getLimits()).as("%s limits", name).containsKeys("cpu", "memory");
      assertThat(amount(resources.getLimits().get("memory")))
          .as("%s: memory limit >= request", name)
          .isGreaterThanOrEqualTo(amount(resources.getRequests().get("memory")));
      assertThat(envValue(manifests, deployment, "JAVA_TOOL_OPTIONS"))
          .as("%s JAVA_TOOL_OPTIONS", name)
          .contains("-XX:MaxRAMPercentage=");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyDeploymentRunsNonRootReadOnlyWithoutCapabilities(String overlay) {
    for (Deployment deployment : rendered(overlay).all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      PodSecurityContext podSecurity = pod.getSecurityContext();
      SecurityContext security = app(deployment).getSecurityContext();
      assertThat(podSecurity.getRunAsNonRoot()).as("%s pod runAsNonRoot", name).isTrue();
      assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(security.getRunAsNonRoot()).as("%s container runAsNonRoot", name).isTrue();
      assertThat(security.getReadOnlyRootFilesystem())
          .as("%s readOnlyRootFilesystem", name)
          .isTrue();
      assertThat(security.getAllowPrivilegeEscalation())
          .as("%s privilege escalation", name)
          .isFalse();
      assertThat(security.getCapabilities().getDrop()).as("%s drops", name).containsExactly("ALL");
      assertThat(security.getCapabilities().getAdd()).as("%s adds", name).isNullOrEmpty();
      assertThat(security.getPrivileged()).as("%s privileged", name).isNotEqualTo(Boolean.TRUE);
      // With a read-only root, the JVM still needs a writable /tmp.
      VolumeMount tmp =
          app(deployment).getVolumeMounts().stream()
              .filter(m -> "/tmp".equals(m.getMountPath()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " mounts nothing at /tmp"));
      Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(tmp.getName()))
              .findFirst()
              .orElseThrow();
      assertThat(volume.getEmptyDir()).as("%s /tmp is an emptyDir", name).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyServiceGetsTheEnvironmentItReads(String overlay) {
    Manifests manifests = rendered(overlay);
    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      List<EnvVar> env = app(deployment).getEnv();
      assertThat(env)
          .extracting(EnvVar::getName)
          .as("%s environment", name)
          .containsAll(Conventions.requiredEnv(name))
          .doesNotHaveDuplicates();
      assertThat(envValue(manifests, deployment, "SERVER_PORT"))
          .isEqualTo(String.valueOf(Conventions.PORTS.get(name)));
      for (EnvVar var : env) {
        if (Conventions.SECRET_ENV.contains(var.getName())) {
          assertThat(var.getValue()).as("%s %s written in clear", name, var.getName()).isNull();
          assertThat(var.getValueFrom().getSecretKeyRef())
              .as("%s %s comes from a Secret", name, var.getName())
              .isNotNull();
          assertThat(var.getValueFrom().getSecretKeyRef().getName()).startsWith("flowmesh-secrets");
        }
      }
      // Every service, the gateway too (API keys, tenants, audit, rate limits), uses the database.
      assertThat(envValue(manifests, deployment, "SPRING_DATASOURCE_URL"))
          .as("%s database", name)
          .isEqualTo("jdbc:postgresql://flowmesh-db-rw:5432/flowmesh");
      if (name.equals(Conventions.GATEWAY)) {
        Conventions.BACKEND_URL_NAMES.forEach(
            (backend, urlName) ->
                assertThat(envValue(manifests, deployment, "FLOWMESH_SERVICES_" + urlName + "_URL"))
                    .isEqualTo(
                        "http://%s:%d"
                            .formatted(
                                manifests.get(Service.class, backend).getMetadata().getName(),
                                servicePort(manifests.get(Service.class, backend)))));
      } else {
        assertThat(envValue(manifests, deployment, "SPRING_KAFKA_BOOTSTRAP_SERVERS"))
            .isEqualTo("flowmesh-kafka-bootstrap:9092");
      }
    }
  }

  @Test
  void devSecretsAreGeneratedWithEveryReferencedKey() {
    Manifests dev = rendered("dev");
    for (Deployment deployment : dev.all(Deployment.class)) {
      for (EnvVar var : app(deployment).getEnv()) {
        if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
          var ref = var.getValueFrom().getSecretKeyRef();
          Secret secret = dev.get(Secret.class, ref.getName());
          assertThat(secret.getData()).as("secret %s", ref.getName()).containsKey(ref.getKey());
        }
      }
    }
    // The dev key hash belongs to the dev API key the docs tell people to use.
    Secret secrets =
        dev.all(Secret.class).stream()
            .filter(s -> s.getMetadata().getName().startsWith("flowmesh-secrets"))
            .findFirst()
            .orElseThrow();
    String hash = decode(secrets.getData().get("gateway-bootstrap-key-sha256"));
    assertThat(hash).isEqualTo(Conventions.sha256Hex(Conventions.DEV_API_KEY));
  }

  @Test
  void prodContainsNoSecretAndTheReadmeSaysHowToCreateIt() throws IOException {
    Manifests prod = rendered("prod");
    assertThat(prod.all(Secret.class)).as("secrets committed in the prod overlay").isEmpty();
    Set<String> keys = new TreeSet<>();
    for (Deployment deployment : prod.all(Deployment.class)) {
      for (EnvVar var : app(deployment).getEnv()) {
        if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
          assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo("flowmesh-secrets");
          keys.add(var.getValueFrom().getSecretKeyRef().getKey());
        }
      }
    }
    String readme = Files.readString(Repo.resolve("k8s/README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("create secret generic flowmesh-secrets");
    for (String key : keys) {
      assertThat(readme)
          .as("k8s/README.md explains secret key %s", key)
          .contains("--from-literal=" + key + "=");
    }
  }

  // ---- Service, HPA, PDB per Deployment ----

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyDeploymentHasAMatchingServiceAutoscalerAndDisruptionBudget(String overlay) {
    Manifests manifests = rendered(overlay);
    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(podLabels)
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

      Service service = manifests.get(Service.class, name);
      assertThat(podLabels)
          .as("%s Service selects the pods", name)
          .containsAllEntriesOf(service.getSpec().getSelector());
      ServicePort port = service.getSpec().getPorts().getFirst();
      assertThat(port.getPort()).isEqualTo(Conventions.PORTS.get(name));
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");

      HorizontalPodAutoscaler hpa = manifests.get(HorizontalPodAutoscaler.class, name);
      assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
      assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
      assertThat(hpa.getSpec().getMetrics())
          .extracting(MetricSpec::getType, m -> m.getResource().getName())
          .contains(tuple("Resource", "cpu"));
      assertThat(hpa.getSpec().getMinReplicas())
          .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
      assertThat(deployment.getSpec().getReplicas())
          .as("%s replicas equal the HPA minimum, so an apply does not fight the autoscaler", name)
          .isEqualTo(hpa.getSpec().getMinReplicas());

      PodDisruptionBudget pdb = manifests.get(PodDisruptionBudget.class, name);
      assertThat(podLabels)
          .as("%s PDB selects the pods", name)
          .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
      if (pdb.getSpec().getMinAvailable() != null) {
        assertThat(pdb.getSpec().getMinAvailable().getIntVal())
            .as("%s: minAvailable below the replica count, or no pod could ever be evicted", name)
            .isLessThan(deployment.getSpec().getReplicas());
      } else {
        assertThat(pdb.getSpec().getMaxUnavailable()).as("%s PDB has a limit", name).isNotNull();
      }
    }
  }

  @Test
  void devRunsOneSmallReplicaAndProdThreeBiggerOnes() {
    for (Deployment dev : rendered("dev").all(Deployment.class)) {
      Deployment prod = rendered("prod").get(Deployment.class, dev.getMetadata().getName());
      assertThat(dev.getSpec().getReplicas()).isEqualTo(1);
      assertThat(prod.getSpec().getReplicas()).isEqualTo(3);
      assertThat(
              rendered("prod")
                  .get(HorizontalPodAutoscaler.class, dev.getMetadata().getName())
                  .getSpec()
                  .getMinReplicas())
          .isEqualTo(3);
      assertThat(amount(app(prod).getResources().getRequests().get("memory")))
          .isGreaterThan(amount(app(dev).getResources().getRequests().get("memory")));
      assertThat(amount(app(prod).getResources().getRequests().get("cpu")))
          .isGreaterThan(amount(app(dev).getResources().getRequests().get("cpu")));
      assertThat(prod.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
          .isNotEmpty();
    }
  }

  // ---- RBAC ----

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void onlyFunctionRunnerMayUseTheKubernetesApiAndOnlyForJobs(String overlay) {
    Manifests manifests = rendered(overlay);
    assertThat(manifests.all(ClusterRole.class)).isEmpty();
    assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();

    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo(name);
      ServiceAccount account = manifests.get(ServiceAccount.class, name);
      boolean runner = name.equals("function-runner-service");
      if (!runner) {
        assertThat(account.getAutomountServiceAccountToken()).as("%s SA automount", name).isFalse();
        assertThat(pod.getAutomountServiceAccountToken())
            .as("%s pod automount", name)
            .isNotEqualTo(Boolean.TRUE);
      }
    }

    List<RoleBinding> bindings = manifests.all(RoleBinding.class);
    assertThat(bindings).hasSize(1);
    RoleBinding binding = bindings.getFirst();
    assertThat(binding.getSubjects())
        .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
        .containsExactly(
            tuple(
                "ServiceAccount", "function-runner-service", binding.getMetadata().getNamespace()));
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");

    List<Role> roles = manifests.all(Role.class);
    assertThat(roles)
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(binding.getRoleRef().getName());
    Set<String> granted = new HashSet<>();
    for (PolicyRule rule : roles.getFirst().getRules()) {
      assertThat(rule.getVerbs()).as("wildcard verb").doesNotContain("*");
      assertThat(rule.getResources()).as("wildcard resource").doesNotContain("*");
      assertThat(rule.getApiGroups()).as("wildcard group").doesNotContain("*");
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    assertThat(granted)
        .containsExactlyInAnyOrder(
            "batch/jobs:create",
            "batch/jobs:get",
            "batch/jobs:list",
            "batch/jobs:watch",
            "batch/jobs:delete",
            "/pods:get",
            "/pods:list",
            "/pods:watch",
            "/pods/log:get");
  }

  // ---- NetworkPolicies ----

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void ingressIsDeniedByDefaultAndOnlyTheGatewayIsReachableFromOutside(String overlay) {
    Manifests manifests = rendered(overlay);
    List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);

    assertThat(policies)
        .as("a default-deny policy: all pods, Ingress, no rule")
        .anySatisfy(
            p -> {
              assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
              assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
              assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            });

    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      List<NetworkPolicyIngressRule> rules =
          policies.stream()
              .filter(p -> selects(p, podLabels))
              .filter(p -> p.getSpec().getIngress() != null)
              .flatMap(p -> p.getSpec().getIngress().stream())
              .toList();
      assertThat(rules).as("%s: ingress rules", name).isNotEmpty();
      for (NetworkPolicyIngressRule rule : rules) {
        assertThat(rule.getPorts())
            .as("%s: rules name the service port", name)
            .extracting(NetworkPolicyPort::getPort)
            .extracting(p -> p.getIntVal())
            .containsOnly(Conventions.PORTS.get(name));
        if (name.equals(Conventions.GATEWAY)) {
          assertThat(rule.getFrom()).as("gateway: open to every source").isNullOrEmpty();
        } else {
          assertThat(rule.getFrom())
              .as("%s: a rule with no 'from' admits everyone", name)
              .isNotEmpty();
          for (NetworkPolicyPeer peer : rule.getFrom()) {
            assertThat(peer.getIpBlock()).as("%s ipBlock", name).isNull();
            assertThat(peer.getNamespaceSelector()).as("%s namespaceSelector", name).isNull();
            assertThat(peer.getPodSelector().getMatchLabels())
                .as("%s admits only the gateway and its named internal callers", name)
                .containsKey("app.kubernetes.io/name")
                .extractingByKey("app.kubernetes.io/name")
                .isIn(admittedCallers(name));
          }
        }
      }
    }
  }

  /**
   * The gateway, plus the service-to-service calls of the platform, all to integration-service's
   * internal API: function-runner resolves connections and runs' credentials
   * (docs/integrations.md), the orchestrator stores and deletes runs' credentials (ADR 0023).
   */
  private static List<String> admittedCallers(String service) {
    return service.equals("integration-service")
        ? List.of(Conventions.GATEWAY, "function-runner-service", "orchestrator-service")
        : List.of(Conventions.GATEWAY);
  }

  // ---- operators' resources in dev ----

  @Test
  void devBringsPostgresAndKafkaFromTheirOperatorsUnderTheNamesTheConfigUses() {
    Manifests dev = rendered("dev");
    List<GenericKubernetesResource> clusters =
        dev.customResources("postgresql.cnpg.io/v1", "Cluster");
    assertThat(clusters).extracting(c -> c.getMetadata().getName()).containsExactly("flowmesh-db");
    Map<String, Object> initdb =
        map(map(map(clusters.getFirst().getAdditionalProperties(), "spec"), "bootstrap"), "initdb");
    assertThat(initdb).containsEntry("database", "flowmesh").containsEntry("owner", "flowmesh");
    String credentials = (String) map(initdb, "secret").get("name");
    Secret secret = dev.get(Secret.class, credentials);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
    assertThat(decode(secret.getData().get("username"))).isEqualTo("flowmesh");

    List<GenericKubernetesResource> kafkas = dev.customResources("kafka.strimzi.io/v1", "Kafka");
    assertThat(kafkas).extracting(k -> k.getMetadata().getName()).containsExactly("flowmesh");
    Map<String, Object> kafkaSpec =
        map(map(kafkas.getFirst().getAdditionalProperties(), "spec"), "kafka");
    assertThat(kafkaSpec).doesNotContainKey("zookeeper");
    assertThat(kafkaSpec.get("listeners").toString()).contains("port=9092").contains("tls=false");

    List<GenericKubernetesResource> pools =
        dev.customResources("kafka.strimzi.io/v1", "KafkaNodePool");
    assertThat(pools).hasSize(1);
    assertThat(pools.getFirst().getMetadata().getLabels())
        .containsEntry("strimzi.io/cluster", "flowmesh");
    assertThat(strings(map(pools.getFirst().getAdditionalProperties(), "spec").get("roles")))
        .as("KRaft: one node pool that is controller and broker")
        .containsExactlyInAnyOrder("controller", "broker");
  }

  // ---- helpers ----

  private static boolean selects(NetworkPolicy policy, Map<String, String> podLabels) {
    var selector = policy.getSpec().getPodSelector();
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      fail(
          "NetworkPolicy %s uses matchExpressions; extend this test to evaluate them",
          policy.getMetadata().getName());
    }
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return podLabels.entrySet().containsAll(wanted.entrySet());
  }

  private static Container app(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(Manifests.id(deployment)).hasSize(1);
    return containers.getFirst();
  }

  private static void assertHttpProbe(String service, String kind, Probe probe, String path) {
    assertThat(probe).as("%s has a %s probe", service, kind).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as("%s %s probe is an HTTP GET", service, kind).isNotNull();
    assertThat(get.getPath()).as("%s %s probe path", service, kind).isEqualTo(path);
    assertThat(get.getPort().getStrVal()).as("%s %s probe port", service, kind).isEqualTo("http");
  }

  /** The value a variable takes, following configMapKeyRef into the rendered ConfigMap. */
  private static String envValue(Manifests manifests, Deployment deployment, String name) {
    EnvVar var =
        app(deployment).getEnv().stream()
            .filter(e -> e.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError(Manifests.id(deployment) + " lacks env " + name));
    if (var.getValue() != null) {
      return var.getValue();
    }
    var ref = var.getValueFrom().getConfigMapKeyRef();
    assertThat(ref)
        .as("%s %s is a literal or a ConfigMap key", Manifests.id(deployment), name)
        .isNotNull();
    ConfigMap configMap = manifests.get(ConfigMap.class, ref.getName());
    String value = configMap.getData().get(ref.getKey());
    assertThat(value).as("ConfigMap %s has key %s", ref.getName(), ref.getKey()).isNotNull();
    return value;
  }

  private static int servicePort(Service service) {
    return service.getSpec().getPorts().getFirst().getPort();
  }

  private static BigDecimal amount(Quantity quantity) {
    return Objects.requireNonNull(quantity, "quantity").getNumericalAmount();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static String decode(String base64) {
    return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static List<String> strings(Object list) {
    assertThat(list).isInstanceOf(List.class);
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
