package io.flowmesh.functions.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flowmesh.functions.ExecutionDriver;
import io.flowmesh.functions.IntegrationTestBase;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.function.FunctionFailed;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.outbox.Outbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Container functions against fabric8's mock Kubernetes API (CRUD mode). No controller runs there,
 * so each test plays it: it finds the Job the service created, adds its pod and log, and sets the
 * Job's status.
 */
class ContainerFunctionIT extends IntegrationTestBase {

  private static final String TENANT = "containers";

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JsonMapper json;
  @Autowired MockMvcTester mvc;

  private ExecutionDriver driver;
  private KubernetesClient kubernetes;

  @BeforeEach
  void setUp() {
    driver = new ExecutionDriver(outbox, transactions, json);
    kubernetes = KUBERNETES.createClient();
  }

  @AfterEach
  void tearDown() {
    driver.close();
    kubernetes.close();
  }

  @Test
  void aJobRunsTheImageWithTheInputAndItsLastJsonLineIsTheOutput() {
    register(
        "acme/double",
        Map.of(
            "image", "registry.example.com/double:1",
            "command", java.util.List.of("node", "index.js"),
            "env", Map.of("MODE", "fast"),
            "resources", Map.of("cpu", "250m", "memory", "64Mi"),
            "timeoutSeconds", 120));
    FunctionRequested request =
        ExecutionDriver.call(UuidV7.prefixed("run"), "acme/double", Map.of("value", 2));

    driver.send(TENANT, request);
    Job job = awaitJob(request);

    var spec = job.getSpec();
    var container = spec.getTemplate().getSpec().getContainers().getFirst();
    Map<String, String> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(json.readTree(env.get("INPUT")).path("value").asInt()).isEqualTo(2);
    assertThat(env).containsEntry("MODE", "fast");
    assertThat(container.getImage()).isEqualTo("registry.example.com/double:1");
    assertThat(container.getCommand()).containsExactly("node", "index.js");
    assertThat(container.getResources().getLimits())
        .containsEntry("cpu", new Quantity("250m"))
        .containsEntry("memory", new Quantity("64Mi"));
    assertThat(spec.getBackoffLimit()).isZero();
    assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(120L);
    assertThat(spec.getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(spec.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

    finish(job, "Complete", null, "booting\n{\"progress\": 50}\nnot json\n{\"doubled\": 4}\n\n");

    JsonNode output = json.valueToTree(driver.success(driver.result(request)).output());
    assertThat(output.path("doubled").asInt()).isEqualTo(4);
  }

  @Test
  void aFailedJobIsARetryableContainerFailure() {
    register("acme/crash", Map.of("image", "registry.example.com/crash:1"));
    FunctionRequested request =
        ExecutionDriver.call(UuidV7.prefixed("run"), "acme/crash", Map.of());

    driver.send(TENANT, request);
    finish(awaitJob(request), "Failed", "BackoffLimitExceeded", "boom\n");

    FunctionFailed failed = driver.failure(driver.result(request));
    assertThat(failed.error().code()).isEqualTo("CONTAINER_FAILED");
    assertThat(failed.error().retryable()).isTrue();
    assertThat(failed.error().message()).contains("BackoffLimitExceeded");
  }

  @Test
  void aJobThatOutlivesTheTimeoutIsDeleted() {
    register("acme/hang", Map.of("image", "registry.example.com/hang:1", "timeoutSeconds", 2));
    FunctionRequested request = ExecutionDriver.call(UuidV7.prefixed("run"), "acme/hang", Map.of());

    driver.send(TENANT, request);
    Job job = awaitJob(request);

    FunctionFailed failed = driver.failure(driver.result(request));
    assertThat(failed.error().code()).isEqualTo("TIMEOUT");
    assertThat(failed.error().retryable()).isTrue();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                kubernetes
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(NAMESPACE)
                        .withName(job.getMetadata().getName())
                        .get()
                    == null);
  }

  private Job awaitJob(FunctionRequested request) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                kubernetes
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(NAMESPACE)
                    .withLabel("flowmesh.io/execution-id", request.executionId())
                    .list()
                    .getItems()
                    .stream()
                    .findFirst()
                    .orElse(null),
            job -> job != null);
  }

  /** What the Job controller and kubelet would do: a pod with its log, then the Job's status. */
  private void finish(Job job, String condition, String reason, String log) {
    String name = job.getMetadata().getName();
    String pod = name + "-x1y2z";
    kubernetes
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(NAMESPACE)
                .addToLabels("job-name", name)
                .endMetadata()
                .build())
        .create();
    KUBERNETES
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false")
        .andReturn(200, log)
        .always();
    job.setStatus(
        new JobStatusBuilder()
            .withSucceeded("Complete".equals(condition) ? 1 : 0)
            .withFailed("Failed".equals(condition) ? 1 : 0)
            .addNewCondition()
            .withType(condition)
            .withStatus("True")
            .withReason(reason)
            .endCondition()
            .build());
    kubernetes.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
  }

  private void register(String slug, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(extra);
    body.put("slug", slug);
    body.put("name", slug);
    body.put("executionType", "oci");
    assertThat(
            mvc.post()
                .uri("/api/v1/functions")
                .header(InternalHeaders.GATEWAY_TOKEN, GATEWAY_TOKEN)
                .header(InternalHeaders.TENANT, TENANT)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .exchange())
        .hasStatus(201);
  }
}
