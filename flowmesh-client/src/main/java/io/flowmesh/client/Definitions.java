package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Workflow definitions ({@code /api/v1/workflow-definitions}): each save of a workflow id is a new
 * version; runs start on the latest unless told otherwise.
 */
public final class Definitions {

  private static final String PATH = "/api/v1/workflow-definitions";

  private final Transport transport;

  Definitions(Transport transport) {
    this.transport = transport;
  }

  /** What a save answers. */
  public record Saved(String id, int version, String name, Instant createdAt) {}

  /** A workflow in a list: its latest version summarised. */
  public record Summary(
      String id,
      String name,
      int latestVersion,
      String description,
      List<String> tags,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt) {}

  /** One version with its document as saved. */
  public record Definition(
      String id, int version, String name, Instant createdAt, JsonNode document) {}

  /** One saved version, without its document. */
  public record Version(int version, String name, Instant createdAt) {}

  /**
   * Saves a new version of the workflow the document names ({@code id}); the first save creates it.
   * The document is any JSON-serializable value: a {@link JsonNode}, a map, a record.
   */
  public Saved save(Object document) {
    return save(document, null);
  }

  /**
   * Saves with an idempotency key: the same key answers with the version that key saved, also when
   * the first answer was lost. Null generates one for this call (and its retries).
   */
  public Saved save(Object document, String idempotencyKey) {
    return transport.send(
        Call.post(PATH, document, idempotencyKey, Safety.REPEATABLE), Saved.class);
  }

  /** The latest version of each workflow; {@code name} and {@code tag} filter, null for all. */
  public Page<Summary> list(String name, String tag, Integer limit, String cursor) {
    return transport.send(
        Call.get(PATH, Transport.query("name", name, "tag", tag, "limit", limit, "cursor", cursor)),
        new TypeReference<Page<Summary>>() {});
  }

  /** The latest version with its document; a 404 problem if there is no such workflow. */
  public Definition get(String workflowId) {
    return transport.send(Call.get(PATH + "/" + Transport.encode(workflowId)), Definition.class);
  }

  /** One version with its document. */
  public Definition get(String workflowId, int version) {
    return transport.send(
        Call.get(PATH + "/" + Transport.encode(workflowId) + "/versions/" + version),
        Definition.class);
  }

  /** Every saved version, newest first. */
  public List<Version> versions(String workflowId) {
    return transport.send(
        Call.get(PATH + "/" + Transport.encode(workflowId) + "/versions"),
        new TypeReference<List<Version>>() {});
  }
}
