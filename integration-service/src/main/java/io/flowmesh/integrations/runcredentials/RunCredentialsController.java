package io.flowmesh.integrations.runcredentials;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.ServiceToken;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The internal API of per-run credentials (ADR 0023): the orchestrator stores a run's set before it
 * starts the run and deletes it when it purges the run; the function-runner reads one entry for an
 * execution of the run. {@code /internal/**} is behind the service token (InternalCallFilter) and
 * never routed by the gateway; every call here also needs the tenant.
 */
@RestController
class RunCredentialsController {

  private final RunCredentialsService credentials;
  private final RunCredentialSweep sweep;

  RunCredentialsController(RunCredentialsService credentials, RunCredentialSweep sweep) {
    this.credentials = credentials;
    this.sweep = sweep;
  }

  /** Body {@code {"integrations": {"<name>": {...}, ...}}}; replaces the run's set. */
  @PutMapping("/internal/v1/runs/{runId}/credentials")
  ResponseEntity<?> store(
      HttpServletRequest request, @PathVariable String runId, @RequestBody JsonNode body) {
    String tenant = ServiceToken.tenantOf(request);
    if (tenant == null) {
      return noTenant();
    }
    checkRunId(runId);
    if (!body.isObject()) {
      throw new InvalidRequestException("$", "must be an object {\"integrations\": {...}}");
    }
    credentials.store(tenant, runId, body.get("integrations"));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/internal/v1/runs/{runId}/credentials/{integration}")
  ResponseEntity<?> read(
      HttpServletRequest request, @PathVariable String runId, @PathVariable String integration) {
    String tenant = ServiceToken.tenantOf(request);
    if (tenant == null) {
      return noTenant();
    }
    checkRunId(runId);
    if (!RunCredentialRules.NAME.matcher(integration).matches()) {
      throw new InvalidRequestException("integration", "must be an integration name");
    }
    return credentials
        .find(tenant, runId, integration)
        .<ResponseEntity<?>>map(
            // Credentials must not land in shared HTTP caches.
            found -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(found))
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(
                        problem(
                            HttpStatus.NOT_FOUND,
                            ProblemTypes.NOT_FOUND,
                            "Run '"
                                + runId
                                + "' has no credentials for integration '"
                                + integration
                                + "'.")));
  }

  /** Deletes the run's set; 204 whether it had one or not. */
  @DeleteMapping("/internal/v1/runs/{runId}/credentials")
  ResponseEntity<?> delete(HttpServletRequest request, @PathVariable String runId) {
    String tenant = ServiceToken.tenantOf(request);
    if (tenant == null) {
      return noTenant();
    }
    checkRunId(runId);
    credentials.delete(tenant, runId);
    return ResponseEntity.noContent().build();
  }

  /** Body {@code {"runIds": [...]}}: the sets of many runs at once, for a bulk purge. */
  @PostMapping("/internal/v1/run-credentials/deletions")
  ResponseEntity<?> deleteMany(HttpServletRequest request, @RequestBody JsonNode body) {
    String tenant = ServiceToken.tenantOf(request);
    if (tenant == null) {
      return noTenant();
    }
    JsonNode ids = body.path("runIds");
    if (!ids.isArray() || ids.size() > 10_000) {
      throw new InvalidRequestException("runIds", "must be an array of at most 10000 run ids");
    }
    List<String> runIds = ids.valueStream().map(id -> id.asString("")).toList();
    runIds.forEach(RunCredentialsController::checkRunId);
    return ResponseEntity.ok(Map.of("deleted", credentials.delete(tenant, runIds)));
  }

  /** How many entries each master key id still wraps (all tenants; for key rotation). */
  @GetMapping("/internal/v1/run-credentials/re-encryption")
  Map<String, Object> keyIds() {
    return Map.of("runCredentialsByKeyId", sweep.countsByKeyId());
  }

  /** Rewraps now what the sweep would rewrap on its next round. */
  @PostMapping("/internal/v1/run-credentials/re-encryption")
  Map<String, Object> reEncrypt() {
    RunCredentialSweep.Rewrapped result = sweep.rewrap();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("rewrapped", result.rewrapped());
    answer.put("failed", result.failed());
    answer.put("runCredentialsByKeyId", sweep.countsByKeyId());
    return answer;
  }

  private static void checkRunId(String runId) {
    if (!RunCredentialRules.RUN_ID.matcher(runId).matches()) {
      throw new InvalidRequestException(
          "runId", "must be a run id (letters, digits, '_', '.', '-'; at most 100)");
    }
  }

  private static ResponseEntity<ProblemDetail> noTenant() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .body(
            problem(
                HttpStatus.UNAUTHORIZED,
                ProblemTypes.UNAUTHORIZED,
                "Internal calls must name a valid tenant."));
  }

  private static ProblemDetail problem(HttpStatus status, java.net.URI type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(status.getReasonPhrase());
    return problem;
  }
}
