package io.flowmesh.functions.direct;

import io.flowmesh.functions.direct.DirectExecutionRepository.Accepted;
import io.flowmesh.functions.execution.FunctionInvoker;
import io.flowmesh.functions.execution.Outcome;
import io.flowmesh.functions.registry.FunctionNotFoundException;
import io.flowmesh.functions.registry.FunctionRegistry;
import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.function.FunctionRequested;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import io.flowmesh.web.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs direct calls through the same {@link FunctionInvoker} as a run's requests, once per tenant
 * and execution id: an accepted call is recorded before its function runs; a call with a known id
 * answers the recorded outcome, waiting while it is still running; a known id with another function
 * or input is refused (ADR 0022).
 */
@Service
class DirectExecutionService implements DisposableBean {

  /** The instance running the execution stopped before recording its outcome. */
  static final String INTERRUPTED = "EXECUTION_INTERRUPTED";

  private static final Logger log = LoggerFactory.getLogger(DirectExecutionService.class);

  private static final ExecutionError ABANDONED =
      new ExecutionError(
          INTERRUPTED,
          "The execution was accepted, but the instance running it stopped before recording its"
              + " outcome; the function may or may not have run.",
          true);

  private final DirectExecutionRepository executions;
  private final FunctionRegistry registry;
  private final FunctionInvoker invoker;
  private final DirectExecutionProperties properties;
  private final ObjectWriter canonical;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  DirectExecutionService(
      DirectExecutionRepository executions,
      FunctionRegistry registry,
      FunctionInvoker invoker,
      DirectExecutionProperties properties,
      JsonMapper json) {
    this.executions = executions;
    this.registry = registry;
    this.invoker = invoker;
    this.properties = properties;
    this.canonical = json.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
  }

  /**
   * An answer to a call.
   *
   * @param execution the execution, finished
   * @param replayed whether an earlier call with its id ran it
   */
  record Answer(DirectExecution execution, boolean replayed) {}

  Answer execute(Tenant tenant, ExecuteRequest request) {
    List<FieldProblem> problems = request.problems();
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    String hash = hash(request);
    Optional<DirectExecution> known = executions.find(tenant, request.executionId());
    if (known.isPresent()) {
      return replay(tenant, hash, known.get());
    }
    String slug = request.functionSlug();
    RegisteredFunction function = registry.resolve(tenant.id(), Set.of(slug)).get(slug);
    if (function == null) {
      throw new FunctionNotFoundException(slug);
    }
    if (!function.enabled()) {
      throw new FunctionDisabledException(slug);
    }
    // The executors get an id of ours (HTTP Idempotency-Key, Job name): the caller's is unique
    // only within its tenant, and could match a run's execution id.
    FunctionRequested call =
        new FunctionRequested(
            UuidV7.prefixed("dex"), null, request.nodeId(), 1, slug, request.functionInput(), 0);
    Duration bound = FunctionInvoker.timeout(call, function).plus(properties.grace());
    Instant now = Instant.now();
    if (!executions.insert(
        new Accepted(tenant, request, call.executionId(), hash, now, now.plus(bound)))) {
      // a concurrent call with the same id was accepted first
      return replay(tenant, hash, executions.find(tenant, request.executionId()).orElseThrow());
    }
    Outcome outcome = run(tenant, call, function, bound);
    return new Answer(record(tenant, request.executionId(), outcome), false);
  }

  private Answer replay(Tenant tenant, String hash, DirectExecution known) {
    if (!known.requestHash().equals(hash)) {
      throw new ExecutionIdConflictException(known.executionId());
    }
    return new Answer(settled(tenant, known), true);
  }

  /**
   * Waits until the execution has finished; one still running past its deadline was abandoned by a
   * stopped instance and is failed (whoever records first, that outcome stands).
   */
  private DirectExecution settled(Tenant tenant, DirectExecution execution) {
    while (execution.running()) {
      if (execution.abandoned(Instant.now())) {
        executions.abandon(tenant, execution.executionId(), ABANDONED);
      }
      execution = executions.find(tenant, execution.executionId()).orElseThrow();
      if (execution.running()) {
        pause();
      }
    }
    return execution;
  }

  /**
   * Runs the function on a thread of its own, so that an executor that overruns its timeout cannot
   * hold the caller past the bound. Interrupted (shutdown), the execution stays running in the
   * table until its deadline: as after a crash.
   */
  private Outcome run(
      Tenant tenant, FunctionRequested call, RegisteredFunction function, Duration bound) {
    Future<Outcome> running = threads.submit(() -> invoker.invoke(tenant.id(), call, function));
    try {
      return running.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return Outcome.failed(
          Outcome.TIMEOUT,
          "The function did not finish within its timeout of " + function.timeoutSeconds() + " s.",
          true);
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running a direct execution", e);
    } catch (ExecutionException e) {
      // invoke() returns every failure; an Error (e.g. OutOfMemoryError) is not ours to absorb.
      throw new IllegalStateException("Execution thread failed", e.getCause());
    }
  }

  /** Records the outcome and returns the execution as recorded. */
  private DirectExecution record(Tenant tenant, String executionId, Outcome outcome) {
    try {
      executions.finish(tenant, executionId, outcome, Instant.now());
    } catch (DataAccessException e) {
      // As for runs: PostgreSQL refuses some outputs (a NUL character in JSON text).
      log.warn("Direct execution {} cannot be stored; recording an error instead", executionId, e);
      executions.finish(
          tenant,
          executionId,
          Outcome.failed(
              Outcome.NOT_RECORDABLE,
              "The execution's output could not be stored (for example, text containing a NUL"
                  + " character).",
              false),
          Instant.now());
    }
    // Not finished by us only if a later call failed it as abandoned first: that outcome stands.
    return executions.find(tenant, executionId).orElseThrow();
  }

  /** Identifies a call by its function and input (key order aside), never storing the input. */
  private String hash(ExecuteRequest request) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(request.functionSlug().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(canonical.writeValueAsBytes(request.functionInput()));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private void pause() {
    try {
      Thread.sleep(properties.pollInterval());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a direct execution", e);
    }
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
