package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Applies every built-in object of an overlay to fabric8's mock API server (CRUD mode) the way
 * {@code kubectl apply} would create them, then follows every reference through the API: a
 * Deployment's ServiceAccount, ConfigMap and Secret, an autoscaler's target, a binding's subject.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KustomizeMockClusterIT {

  static KubernetesClient client;

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyReferenceResolvesOnceTheOverlayIsApplied(String overlay) {
    Manifests manifests = Manifests.render(overlay);
    for (HasMetadata object : manifests.objects()) {
      if (!(object instanceof GenericKubernetesResource)) {
        client.resource(object).create();
      }
    }
    String namespace = overlay.equals("prod") ? "flowmesh" : "flowmesh-dev";
    if (overlay.equals("prod")) {
      // What the operator does by hand (k8s/README.md) before applying prod.
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("flowmesh-secrets")
                  .endMetadata()
                  .addToStringData("db-password", "x")
                  .addToStringData("edge-gateway-token", "x")
                  .addToStringData("gateway-bootstrap-key-sha256", "x")
                  .build())
          .create();
    }

    var deployments =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/part-of", "flowmesh")
            .list()
            .getItems();
    assertThat(deployments).hasSize(Conventions.PORTS.size());
    for (Deployment deployment : deployments) {
      var pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(
              client
                  .serviceAccounts()
                  .inNamespace(namespace)
                  .withName(pod.getServiceAccountName())
                  .get())
          .as("%s ServiceAccount", deployment.getMetadata().getName())
          .isNotNull();
      for (EnvVar var : pod.getContainers().getFirst().getEnv()) {
        if (var.getValueFrom() == null) {
          continue;
        }
        if (var.getValueFrom().getConfigMapKeyRef() != null) {
          var ref = var.getValueFrom().getConfigMapKeyRef();
          var configMap = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
          assertThat(configMap).as("ConfigMap %s", ref.getName()).isNotNull();
          assertThat(configMap.getData()).containsKey(ref.getKey());
        }
        if (var.getValueFrom().getSecretKeyRef() != null) {
          var ref = var.getValueFrom().getSecretKeyRef();
          var secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
          assertThat(secret).as("Secret %s", ref.getName()).isNotNull();
        }
      }
    }
    for (HorizontalPodAutoscaler hpa :
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(namespace)
            .list()
            .getItems()) {
      String target = hpa.getSpec().getScaleTargetRef().getName();
      assertThat(client.apps().deployments().inNamespace(namespace).withName(target).get())
          .as("HPA %s target", hpa.getMetadata().getName())
          .isNotNull();
    }
    for (RoleBinding binding :
        client.rbac().roleBindings().inNamespace(namespace).list().getItems()) {
      assertThat(
              client
                  .rbac()
                  .roles()
                  .inNamespace(namespace)
                  .withName(binding.getRoleRef().getName())
                  .get())
          .isNotNull();
      binding
          .getSubjects()
          .forEach(
              s ->
                  assertThat(
                          client
                              .serviceAccounts()
                              .inNamespace(s.getNamespace())
                              .withName(s.getName())
                              .get())
                      .as("RoleBinding subject %s", s.getName())
                      .isNotNull());
    }
  }
}
