package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.tenantdata.TenantQuotas;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves, looks up and deletes definition versions. Versions are immutable, so parsed ones are
 * cached.
 */
@Service
public class DefinitionService {

  private final TenantQuotas quotas;
  private final DefinitionRepository repository;
  private final DefinitionParser parser;
  private final FunctionCatalog functions;
  private final JsonMapper json;
  private final WorkflowEvents workflowEvents;
  private final DefinitionCache cache = new DefinitionCache();

  DefinitionService(
      DefinitionRepository repository,
      FunctionCatalog functions,
      JsonMapper json,
      DefinitionLimits limits,
      WorkflowEvents workflowEvents,
      TenantQuotas quotas) {
    this.quotas = quotas;
    this.repository = repository;
    this.workflowEvents = workflowEvents;
    this.parser = new DefinitionParser(json, limits);
    this.functions = functions;
    this.json = json;
  }

  /**
   * Validates and saves a new version. With an idempotency key already used, returns the version
   * saved then.
   */
  @Transactional
  public StoredDefinition save(TenantId tenant, JsonNode document, String idempotencyKey) {
    if (idempotencyKey != null) {
      Optional<DefinitionRepository.DocumentRow> earlier =
          repository.findByIdempotencyKey(tenant, idempotencyKey);
      if (earlier.isPresent()) {
        return toStored(earlier.get());
      }
    }
    WorkflowDefinition definition = parser.parse(document);
    checkFunctionsExist(tenant, definition);
    checkSubWorkflowsExist(tenant, definition);
    WorkflowId workflowId = WorkflowId.of(definition.id());
    // a new version of a stored workflow is not one more workflow
    quotas.checkOneMore(
        tenant, "workflows", "workflows", () -> repository.countOtherWorkflows(tenant, workflowId));
    int version =
        repository.insertNextVersion(
            tenant,
            workflowId,
            definition.name(),
            json.writeValueAsString(document),
            idempotencyKey);
    workflowEvents.saved(tenant, definition, version);
    return find(tenant, workflowId, version).orElseThrow();
  }

  /**
   * Checks a document as {@link #save} does, without saving it: the builder asks while a workflow
   * is edited (ADR 0046).
   */
  @Transactional(readOnly = true)
  public void validate(TenantId tenant, JsonNode document) {
    WorkflowDefinition definition = parser.parse(document);
    checkFunctionsExist(tenant, definition);
    checkSubWorkflowsExist(tenant, definition);
  }

  /**
   * For a run started with an inline definition (the seed's API): the latest version if it is the
   * same document, else a new version. Runs always point at a stored version.
   */
  @Transactional
  public StoredDefinition saveInline(TenantId tenant, JsonNode document) {
    WorkflowDefinition definition = parser.parse(document);
    Optional<DefinitionRepository.DocumentRow> latest =
        repository.findLatest(tenant, WorkflowId.of(definition.id()));
    if (latest.isPresent() && json.readTree(latest.get().document()).equals(document)) {
      return toStored(latest.get());
    }
    return save(tenant, document, null);
  }

  /**
   * The version a new run of the workflow starts on: {@code version} if given, else the latest;
   * empty if there is no such version. Whether the workflow is disabled and which versions it has
   * are read in one query, as this is on the path of every run start.
   *
   * @throws WorkflowDisabledException if the workflow is disabled
   */
  public Optional<StoredDefinition> toStart(
      TenantId tenant, WorkflowId workflowId, Integer version) {
    DefinitionRepository.StartCheck check = repository.startCheck(tenant, workflowId);
    if (check.disabled()) {
      throw new WorkflowDisabledException(
          "Workflow '" + workflowId + "' is disabled; enable it to start runs");
    }
    if (check.versions() == null) {
      return Optional.empty();
    }
    // Checked here and not left to the cache: another replica may have deleted the workflow.
    int chosen = version != null ? version : check.versions().latest();
    return check.versions().contains(chosen) ? find(tenant, workflowId, chosen) : Optional.empty();
  }

  /** The latest version of a workflow; only the version number is read when it is cached. */
  public Optional<StoredDefinition> latest(TenantId tenant, WorkflowId workflowId) {
    return repository
        .latestVersion(tenant, workflowId)
        .flatMap(version -> find(tenant, workflowId, version));
  }

  /**
   * One version of a workflow.
   *
   * @throws UnreadableDefinitionException if the saved version no longer parses
   */
  public Optional<StoredDefinition> find(TenantId tenant, WorkflowId workflowId, int version) {
    StoredDefinition cached = cache.get(tenant, workflowId, version);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredDefinition> found;
    try {
      found = repository.find(tenant, workflowId, version).map(this::toStored);
    } catch (InvalidRequestException e) {
      // Not the caller's request that is invalid but what was saved long ago: say which version
      // and why, without the 400 a save would answer.
      throw new UnreadableDefinitionException(
          workflowId,
          version,
          String.join(
              "; ", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList()));
    }
    found.ifPresent(stored -> cache.put(tenant, stored));
    return found;
  }

  private StoredDefinition toStored(DefinitionRepository.DocumentRow row) {
    WorkflowDefinition definition = parser.parseSaved(json.readTree(row.document()));
    return new StoredDefinition(
        WorkflowId.of(row.workflowId()), row.version(), definition, row.createdAt().toInstant());
  }

  private void checkFunctionsExist(TenantId tenant, WorkflowDefinition definition) {
    List<FieldProblem> problems = new ArrayList<>();
    List<Node> nodes = definition.nodes();
    Map<String, Boolean> exists = new HashMap<>(); // one registry call per function, not per node
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      boolean callsFunction = node.kind() == NodeKind.ACTION || node.kind() == NodeKind.FOR_EACH;
      if (callsFunction
          && !exists.computeIfAbsent(node.function(), slug -> functions.exists(tenant, slug))) {
        problems.add(
            new FieldProblem(
                "nodes[" + i + "].config.actionId",
                "node '"
                    + node.id()
                    + "': no function '"
                    + node.function()
                    + "' is registered and enabled"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  /**
   * A sub-workflow node must name a saved workflow of the tenant (or the workflow itself, whose
   * depth limit stops the recursion) and, with a version, one that exists. The named workflow is
   * locked until the save commits, so it cannot be deleted meanwhile (ADR 0020): the child can
   * always start.
   */
  private void checkSubWorkflowsExist(TenantId tenant, WorkflowDefinition definition) {
    List<FieldProblem> problems = new ArrayList<>();
    List<Node> nodes = definition.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      if (node.kind() != NodeKind.SUB_WORKFLOW) {
        continue;
      }
      WorkflowId target = WorkflowId.of((String) node.config().get("workflowId"));
      Object version = node.config().get("version");
      // The workflow's own versions need no lock: the save's own lock keeps a delete out.
      Optional<DefinitionRepository.VersionRange> versions =
          target.value().equals(definition.id())
              ? Optional.of(repository.withNextVersion(tenant, target))
              : repository.lockAsSubWorkflow(tenant, target);
      if (versions.isEmpty()) {
        problems.add(
            new FieldProblem(
                "nodes[" + i + "].config.workflowId",
                "sub-workflow node '" + node.id() + "': no saved workflow '" + target + "'"));
      } else if (version instanceof Integer wanted && !versions.get().contains(wanted)) {
        problems.add(
            new FieldProblem(
                "nodes[" + i + "].config.version",
                "sub-workflow node '"
                    + node.id()
                    + "': workflow '"
                    + target
                    + "' has no version "
                    + wanted
                    + " (latest: "
                    + versions.get().latest()
                    + ")"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  /** The workflow's versions, newest first; empty if the tenant has no such workflow. */
  @Transactional(readOnly = true)
  public List<DefinitionVersion> versions(TenantId tenant, WorkflowId workflowId) {
    return repository.versions(tenant, workflowId);
  }

  /**
   * One version with its document as saved. The document is not parsed, so a version saved under
   * rules that have since become stricter can still be read.
   */
  @Transactional(readOnly = true)
  public Optional<DefinitionDocument> document(
      TenantId tenant, WorkflowId workflowId, int version) {
    return repository.find(tenant, workflowId, version).map(this::toDocument);
  }

  /** The latest version with its document as saved; see {@link #document}. */
  @Transactional(readOnly = true)
  public Optional<DefinitionDocument> latestDocument(TenantId tenant, WorkflowId workflowId) {
    return repository.findLatest(tenant, workflowId).map(this::toDocument);
  }

  private DefinitionDocument toDocument(DefinitionRepository.DocumentRow row) {
    return new DefinitionDocument(
        WorkflowId.of(row.workflowId()),
        row.version(),
        row.name(),
        row.createdAt().toInstant(),
        json.readTree(row.document()));
  }

  /**
   * Deletes every version of a workflow that no run and no other workflow uses, with its disabled
   * mark. A run start or a save naming it that races the delete either holds it up (and the delete
   * is refused) or fails after it (ADR 0020).
   *
   * @return false if the tenant has no such workflow
   * @throws DefinitionInUseException if runs of it exist or other workflows start it
   */
  @Transactional
  public boolean delete(TenantId tenant, WorkflowId workflowId) {
    if (!repository.lockForDelete(tenant, workflowId)) {
      return false;
    }
    int beingStarted = repository.lockVersionsAgainstRuns(tenant, workflowId);
    DefinitionUsage usage = repository.usage(tenant, workflowId, beingStarted);
    if (usage.inUse()) {
      throw new DefinitionInUseException(workflowId, usage);
    }
    repository.delete(tenant, workflowId);
    workflowEvents.deleted(tenant, workflowId);
    // After commit: evicted earlier, a concurrent lookup could cache a version again before the
    // delete is visible to it.
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            cache.evict(tenant, workflowId);
          }
        });
    return true;
  }

  /**
   * Stops new runs of the workflow; runs already started continue.
   *
   * @throws WorkflowDisabledException if it already is disabled
   */
  @Transactional
  public void disable(TenantId tenant, WorkflowId workflowId) {
    if (!repository.disable(tenant, workflowId)) {
      throw new WorkflowDisabledException("Workflow '" + workflowId + "' is already disabled");
    }
  }

  /**
   * Allows new runs of the workflow again.
   *
   * @throws WorkflowDisabledException if it is not disabled
   */
  @Transactional
  public void enable(TenantId tenant, WorkflowId workflowId) {
    if (!repository.enable(tenant, workflowId)) {
      throw new WorkflowDisabledException("Workflow '" + workflowId + "' is not disabled");
    }
  }

  /**
   * @throws WorkflowDisabledException if the workflow is disabled
   */
  @Transactional(readOnly = true)
  public void requireEnabled(TenantId tenant, WorkflowId workflowId) {
    if (repository.isDisabled(tenant, workflowId)) {
      throw new WorkflowDisabledException(
          "Workflow '" + workflowId + "' is disabled; enable it to start runs");
    }
  }
}
