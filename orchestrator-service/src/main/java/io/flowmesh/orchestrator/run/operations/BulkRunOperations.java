package io.flowmesh.orchestrator.run.operations;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.run.RunNotFoundException;
import io.flowmesh.orchestrator.run.RunOperation;
import io.flowmesh.orchestrator.run.RunRetryService;
import io.flowmesh.orchestrator.run.RunService;
import io.flowmesh.orchestrator.run.RunStateConflictException;
import io.flowmesh.orchestrator.run.RunStatus;
import io.flowmesh.orchestrator.run.query.RunFilter;
import io.flowmesh.orchestrator.run.query.RunQueries;
import io.flowmesh.web.InvalidRequestException;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Cancel or retry the runs a filter matches, at most {@link RunOperationsProperties#bulkLimit()}
 * per call, oldest first. Each run is its own transaction under its own row lock, exactly as the
 * single-run operation, so one run that changed state meanwhile is skipped without undoing the
 * others; a caller repeats the call while {@link BulkResult#more()} is true.
 */
@Service
public class BulkRunOperations {

  static final Set<RunStatus> CANCELLABLE = RunOperation.CANCEL.allowedIn();
  static final Set<RunStatus> RETRYABLE = RunOperation.RETRY.allowedIn();

  private final RunQueries queries;
  private final RunService runs;
  private final RunRetryService retries;
  private final RunOperationsProperties properties;

  BulkRunOperations(
      RunQueries queries,
      RunService runs,
      RunRetryService retries,
      RunOperationsProperties properties) {
    this.queries = queries;
    this.runs = runs;
    this.retries = retries;
    this.properties = properties;
  }

  /** Cancels matching runs that have not finished. */
  public BulkResult cancel(TenantId tenant, RunFilter filter, String reason) {
    return apply(tenant, filter, CANCELLABLE, "bulk-cancel", id -> runs.cancel(tenant, id, reason));
  }

  /** Retries matching FAILED runs from their failed nodes. */
  public BulkResult retry(TenantId tenant, RunFilter filter, boolean onLatestVersion) {
    return apply(
        tenant, filter, RETRYABLE, "bulk-retry", id -> retries.retry(tenant, id, onLatestVersion));
  }

  private BulkResult apply(
      TenantId tenant,
      RunFilter filter,
      Set<RunStatus> applicable,
      String operation,
      Consumer<RunId> operationOnOne) {
    if (filter.isEmpty()) {
      throw new InvalidRequestException(
          "filter",
          "give at least one of workflowId, status, startedAfter, startedBefore, businessKey;"
              + " "
              + operation
              + " never applies to every run of a tenant by default");
    }
    Set<RunStatus> statuses = filter.statusesAmong(applicable);
    if (statuses.isEmpty()) {
      throw new InvalidRequestException(
          "status", operation + " applies only to runs in state " + applicable);
    }
    int limit = properties.bulkLimit();
    List<RunId> candidates = queries.oldestIds(tenant, filter, statuses, limit + 1);
    int affected = 0;
    int skipped = 0;
    for (RunId runId : candidates.subList(0, Math.min(limit, candidates.size()))) {
      try {
        operationOnOne.accept(runId);
        affected++;
      } catch (RunStateConflictException | RunNotFoundException e) {
        // changed state (or was purged) since it was found: not this operation's run any more
        skipped++;
      }
    }
    return new BulkResult(affected, skipped, candidates.size() > limit);
  }
}
