package io.flowmesh.functions.container;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.registry.RegisteredFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the Job of one execution. */
final class JobTemplate {

  static final String MANAGED_BY = "flowmesh-function-runner";
  static final String EXECUTION_LABEL = "flowmesh.io/execution-id";

  private JobTemplate() {}

  /** A DNS-1123 name derived from the execution id, so a redelivery finds the same Job. */
  static String name(String executionId) {
    String clean = executionId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String name = "fn-" + clean;
    return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
  }

  static Job build(
      Invocation invocation, String input, String namespace, ContainerProperties properties) {
    RegisteredFunction.Container container = invocation.function().container();
    List<EnvVar> env = new ArrayList<>();
    container.env().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
    env.add(new EnvVar("INPUT", input, null));
    Map<String, Quantity> limits =
        Map.of(
            "cpu",
            new Quantity(container.resources().getOrDefault("cpu", properties.defaultCpu())),
            "memory",
            new Quantity(container.resources().getOrDefault("memory", properties.defaultMemory())));
    long deadline = Math.max(1, invocation.timeout().toSeconds());
    return new JobBuilder()
        .withNewMetadata()
        .withName(name(invocation.executionId()))
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", MANAGED_BY)
        .addToLabels(EXECUTION_LABEL, label(invocation.executionId()))
        .addToAnnotations("flowmesh.io/function", invocation.function().slug())
        .addToAnnotations("flowmesh.io/tenant", invocation.tenant())
        .endMetadata()
        .withNewSpec()
        // One attempt: retries are the orchestrator's decision, with its policy and backoff.
        .withBackoffLimit(0)
        // Kubernetes ends the pod at the deadline even if this service is gone meanwhile.
        .withActiveDeadlineSeconds(deadline)
        .withTtlSecondsAfterFinished((int) properties.ttlAfterFinished().toSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app.kubernetes.io/managed-by", MANAGED_BY)
        .addToLabels(EXECUTION_LABEL, label(invocation.executionId()))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        // A function gets no Kubernetes API access of its own.
        .withAutomountServiceAccountToken(false)
        .addNewContainer()
        .withName("function")
        .withImage(container.image())
        .withCommand(container.command())
        .withWorkingDir(container.workingDir())
        .withEnv(env)
        .withNewResources()
        .withLimits(limits)
        .withRequests(limits)
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String label(String value) {
    String clean = value.replaceAll("[^A-Za-z0-9_.-]", "-");
    return clean.length() <= 63 ? clean : clean.substring(0, 63);
  }
}
