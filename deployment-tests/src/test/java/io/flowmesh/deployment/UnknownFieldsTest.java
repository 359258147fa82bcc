package io.flowmesh.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The checks themselves: a typo in a manifest must fail the build, not pass unnoticed. */
class UnknownFieldsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: demo
      spec:
        replicas: 1
        selector:
          matchLabels: {app: demo}
        template:
          metadata:
            labels: {app: demo}
          spec:
            containers:
              - name: app
                image: demo:1
                readinesProbe:
                  httpGet: {path: /ready, port: 8080}
                resources:
                  limits: {memory: 1Gi}
                  limit: {cpu: "1"}
      """;

  @Test
  void reportsMisspeltFieldsWithTheirPath() {
    Manifests manifests = Manifests.parse("test", DEPLOYMENT);
    Deployment deployment = manifests.get(Deployment.class, "demo");

    assertThat(UnknownFields.of(deployment))
        .containsExactlyInAnyOrder(
            "spec.template.spec.containers[0].readinesProbe",
            "spec.template.spec.containers[0].resources.limit");
  }

  @Test
  void acceptsAWellFormedObject() {
    String valid =
        DEPLOYMENT
            .replace("readinesProbe", "readinessProbe")
            .replace("limit: {cpu", "requests: {cpu");
    Deployment deployment = Manifests.parse("test", valid).get(Deployment.class, "demo");

    assertThat(UnknownFields.of(deployment)).isEmpty();
  }

  @Test
  void rejectsAValueOfTheWrongType() {
    String wrongType = DEPLOYMENT.replace("replicas: 1", "replicas: {count: 1}");

    assertThatThrownBy(() -> Manifests.parse("test", wrongType))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Deployment/demo");
  }

  @Test
  void aMisspeltKindComesBackUntypedSoTheOverlayCheckCatchesIt() {
    String misspelt = DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet");

    assertThat(Manifests.parse("test", misspelt).objects())
        .singleElement()
        .isInstanceOf(GenericKubernetesResource.class);
  }
}
