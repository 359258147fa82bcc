package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on {@code POST /runs}: the same key with the same request answers with
 * the run it started; the same key with a different request is a conflict. Requests are compared by
 * a fingerprint of their body with object members in name order, so member order does not matter.
 */
@Component
class IdempotentStarts {

  /** Longest key accepted, as for other services' keys. */
  static final int MAX_KEY_LENGTH = 255;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  IdempotentStarts(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * The run this key started, if any. Takes a transaction-scoped advisory lock on the key first, so
   * concurrent starts with one key serialise here: the second finds the first's run instead of
   * violating the unique index.
   *
   * @param fingerprint the request's fingerprint; null skips the comparison
   * @throws IdempotencyKeyReusedException if the key started a run with a different request
   */
  Optional<RunId> lockAndFind(TenantId tenant, String key, String fingerprint) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('run-start/' || :tenant || '/' || :key))")
        .param("tenant", tenant.value())
        .param("key", key)
        .query()
        .singleValue();
    Optional<Map<String, Object>> earlier =
        jdbc
            .sql(
                "SELECT id, request_fingerprint FROM runs"
                    + " WHERE tenant = :tenant AND idempotency_key = :key")
            .param("tenant", tenant.value())
            .param("key", key)
            .query()
            .listOfRows()
            .stream()
            .findFirst();
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    RunId runId = RunId.of((String) earlier.get().get("id"));
    Object stored = earlier.get().get("request_fingerprint");
    if (fingerprint != null && stored != null && !fingerprint.equals(stored)) {
      throw new IdempotencyKeyReusedException(key, runId);
    }
    return Optional.of(runId);
  }

  /** SHA-256 of the body with object members sorted by name. */
  String fingerprint(JsonNode body) {
    try {
      byte[] canonical = json.writeValueAsBytes(canonical(json.treeToValue(body, Object.class)));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
      return sorted;
    }
    if (value instanceof java.util.List<?> list) {
      return list.stream().map(IdempotentStarts::canonical).toList();
    }
    return value;
  }
}
