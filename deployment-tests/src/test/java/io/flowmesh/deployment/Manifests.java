package io.flowmesh.deployment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects of one rendered overlay, parsed into fabric8's typed Kubernetes model. Kinds the
 * model does not know (the operators' custom resources) come back as {@link
 * GenericKubernetesResource}.
 */
record Manifests(String overlay, List<HasMetadata> objects) {

  /** API groups of the custom resources an overlay may contain; everything else must be typed. */
  static final Set<String> OPERATOR_GROUPS =
      Set.of("postgresql.cnpg.io", "kafka.strimzi.io", "keda.sh", "monitoring.coreos.com");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Manifests render(String overlay) {
    return parse(overlay, Kustomize.render(Repo.resolve("k8s/overlays/" + overlay)));
  }

  /**
   * Parses multi-document YAML. Each document goes through fabric8's deserializer, which rejects
   * values of the wrong type; unknown fields land in {@code additionalProperties} (see {@link
   * UnknownFields}).
   */
  static Manifests parse(String overlay, String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    Yaml loader = new Yaml(new SafeConstructor(new LoaderOptions()));
    int index = 0;
    for (Object document : loader.loadAll(yaml)) {
      index++;
      if (document == null) {
        continue;
      }
      if (!(document instanceof Map<?, ?> map)) {
        throw new AssertionError(overlay + ": document " + index + " is not an object");
      }
      KubernetesResource resource;
      try {
        resource = SERIALIZATION.unmarshal(SERIALIZATION.asJson(map), KubernetesResource.class);
      } catch (RuntimeException e) {
        throw new AssertionError(
            overlay + ": document " + index + " (" + describe(map) + ") does not parse: " + e, e);
      }
      if (!(resource instanceof HasMetadata object)) {
        throw new AssertionError(
            overlay
                + ": document "
                + index
                + " ("
                + describe(map)
                + ") is not a Kubernetes object");
      }
      objects.add(object);
    }
    return new Manifests(overlay, List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    overlay + ": no " + type.getSimpleName() + " named " + name + " rendered"));
  }

  List<GenericKubernetesResource> customResources() {
    return all(GenericKubernetesResource.class);
  }

  List<GenericKubernetesResource> customResources(String apiVersion, String kind) {
    return customResources().stream()
        .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind()))
        .toList();
  }

  static String id(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  private static String describe(Map<?, ?> map) {
    Object metadata = map.get("metadata");
    Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
    return map.get("kind") + "/" + name;
  }
}
