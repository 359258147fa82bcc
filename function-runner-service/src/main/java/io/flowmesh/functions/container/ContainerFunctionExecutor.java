package io.flowmesh.functions.container;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flowmesh.functions.execution.FunctionExecutor;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.execution.Outcome;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a container function as a Kubernetes Job and waits for it on the execution's virtual thread:
 * success yields the last JSON line of the pod's stdout, failure a retryable CONTAINER_FAILED, and
 * the timeout deletes the Job (and so its pod) and yields TIMEOUT.
 *
 * <p>The Job's name derives from the execution id: a request redelivered after a crash finds the
 * Job already created and waits for it instead of starting a second one.
 */
@Component
class ContainerFunctionExecutor implements FunctionExecutor {

  static final String CONTAINER_FAILED = "CONTAINER_FAILED";
  static final String OUTPUT_MISSING = "OUTPUT_MISSING";
  static final String PLATFORM_UNAVAILABLE = "CONTAINER_PLATFORM_UNAVAILABLE";

  private static final Logger log = LoggerFactory.getLogger(ContainerFunctionExecutor.class);

  private final KubernetesClient kubernetes;
  private final ContainerProperties properties;
  private final JsonMapper json;

  ContainerFunctionExecutor(
      KubernetesClient kubernetes, ContainerProperties properties, JsonMapper json) {
    this.kubernetes = kubernetes;
    this.properties = properties;
    this.json = json;
  }

  @Override
  public String executionType() {
    return "oci";
  }

  @Override
  public Outcome execute(Invocation invocation) {
    String name = JobTemplate.name(invocation.executionId());
    long deadline = System.nanoTime() + invocation.timeout().toNanos();
    try {
      Job job =
          JobTemplate.build(
              invocation, json.writeValueAsString(invocation.input()), namespace(), properties);
      try {
        jobs().resource(job).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        log.info("Job {} exists already (redelivered request); waiting for it", name);
      }
      while (System.nanoTime() < deadline) {
        Job current = jobs().withName(name).get();
        if (current == null) {
          return Outcome.failed(
              CONTAINER_FAILED, "The Job of this execution was deleted before it finished.", true);
        }
        JobStatus status = current.getStatus() != null ? current.getStatus() : new JobStatus();
        if (finished(current, "Complete") || count(status.getSucceeded()) > 0) {
          return output(invocation, name);
        }
        if (finished(current, "Failed") || count(status.getFailed()) > 0) {
          return Outcome.failed(
              CONTAINER_FAILED,
              "The container of '"
                  + invocation.function().slug()
                  + "' failed"
                  + reason(current)
                  + ".",
              true);
        }
        Thread.sleep(properties.pollInterval().toMillis());
      }
      delete(name);
      return Outcome.failed(
          Outcome.TIMEOUT,
          "The container did not finish within "
              + invocation.timeout().toSeconds()
              + " s; its Job was deleted.",
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed(PLATFORM_UNAVAILABLE, "Interrupted while waiting for the Job.", true);
    } catch (KubernetesClientException e) {
      log.warn("Kubernetes API call for Job {} failed", name, e);
      return Outcome.failed(
          PLATFORM_UNAVAILABLE,
          "The Kubernetes API could not run the Job (HTTP " + e.getCode() + ").",
          true);
    }
  }

  private Outcome output(Invocation invocation, String name) {
    List<Pod> pods =
        kubernetes.pods().inNamespace(namespace()).withLabel("job-name", name).list().getItems();
    if (pods.isEmpty()) {
      return Outcome.failed(
          OUTPUT_MISSING, "The finished Job has no pod to read output from.", true);
    }
    String logText =
        kubernetes
            .pods()
            .inNamespace(namespace())
            .withName(pods.getFirst().getMetadata().getName())
            .getLog();
    JsonNode output = lastJsonLine(logText == null ? "" : logText);
    if (output == null) {
      return Outcome.failed(
          OUTPUT_MISSING,
          "The container of '"
              + invocation.function().slug()
              + "' printed no JSON line on stdout; its last JSON line is its output.",
          false);
    }
    return Outcome.succeeded(output);
  }

  /** The last line of the log that is a JSON value; earlier lines are the function's own logs. */
  JsonNode lastJsonLine(String logText) {
    String tail =
        logText.length() > properties.maxLogSize()
            ? logText.substring(logText.length() - properties.maxLogSize())
            : logText;
    String[] lines = tail.split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        return json.readTree(line);
      } catch (JacksonException e) {
        // not JSON: keep looking upwards
      }
    }
    return null;
  }

  private void delete(String name) {
    try {
      jobs()
          .withName(name)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not delete timed-out Job {}; its activeDeadlineSeconds still ends it", name, e);
    }
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          Job,
          io.fabric8.kubernetes.api.model.batch.v1.JobList,
          io.fabric8.kubernetes.client.dsl.ScalableResource<Job>>
      jobs() {
    return kubernetes.batch().v1().jobs().inNamespace(namespace());
  }

  /** The configured namespace, else the client's: the pod's own namespace in a cluster. */
  private String namespace() {
    String configured = properties.namespace();
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return kubernetes.getNamespace() != null ? kubernetes.getNamespace() : "default";
  }

  private static boolean finished(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return false;
    }
    return job.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String reason(Job job) {
    return job.getStatus().getConditions() == null
        ? ""
        : job.getStatus().getConditions().stream()
            .filter(c -> "Failed".equals(c.getType()))
            .map(JobCondition::getReason)
            .filter(r -> r != null && !r.isBlank())
            .findFirst()
            .map(r -> " (" + r + ")")
            .orElse("");
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
