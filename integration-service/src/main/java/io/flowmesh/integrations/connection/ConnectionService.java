package io.flowmesh.integrations.connection;

import io.flowmesh.integrations.integrationtype.IntegrationTypeCatalog;
import io.flowmesh.integrations.integrationtype.IntegrationTypeNotFoundException;
import io.flowmesh.integrations.integrationtype.IntegrationTypeView;
import io.flowmesh.messaging.UuidV7;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Creates, changes and deletes connections; validates against the type, seals the secrets. */
@Service
class ConnectionService {

  private static final int MAX_NAME_LENGTH = 200;

  private final ConnectionRepository connections;
  private final ConnectionSecrets secrets;
  private final IntegrationTypeCatalog types;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  ConnectionService(
      ConnectionRepository connections,
      ConnectionSecrets secrets,
      IntegrationTypeCatalog types,
      JdbcClient jdbc,
      JsonMapper json) {
    this.connections = connections;
    this.secrets = secrets;
    this.types = types;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = Clock.systemUTC();
  }

  /**
   * Creates a connection; with an idempotency key, a repeat of the same request returns the
   * connection the first one created.
   */
  @Transactional
  ConnectionRow create(String tenant, ConnectionRequests.Create request, String idempotencyKey) {
    List<FieldProblem> problems = new ArrayList<>();
    checkName(request.name(), problems, true);
    JsonNode settings = objectOrEmpty(request.settings(), "settings", problems);
    JsonNode secretValues = objectOrEmpty(request.secrets(), "secrets", problems);
    IntegrationTypeView type = null;
    if (request.type() == null || request.type().isBlank()) {
      problems.add(new FieldProblem("type", "is required"));
    } else {
      try {
        type = types.get(tenant, request.type());
      } catch (IntegrationTypeNotFoundException e) {
        problems.add(new FieldProblem("type", "is not an integration type available here"));
      }
    }
    if (type != null && settings != null && secretValues != null) {
      problems.addAll(types.validate(type.settingsSchema(), settings, "settings", false));
      problems.addAll(types.validate(type.secretSchema(), secretValues, "secrets", true));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    String id = UuidV7.prefixed("con");
    if (idempotencyKey != null) {
      Optional<ConnectionRow> earlier =
          claimIdempotencyKey(tenant, idempotencyKey, fingerprint(request, secretValues), id);
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ConnectionRow row =
        new ConnectionRow(
            TenantId.of(tenant),
            id,
            type.type(),
            request.name().trim(),
            request.enabled() == null || request.enabled(),
            settings,
            ConnectionSecrets.fieldNames(secretValues),
            secrets.seal(tenant, id, secretValues),
            0,
            "UNKNOWN",
            null,
            now,
            now);
    try {
      return connections.save(row);
    } catch (DuplicateKeyException e) {
      throw new ConnectionExceptions.DuplicateName(row.name());
    }
  }

  /** Applies a partial update if the caller read the current version. */
  @Transactional
  ConnectionRow update(
      String tenant, String id, long expectedVersion, ConnectionRequests.Update request) {
    ConnectionRow current =
        connections
            .findForUpdateByTenantAndId(TenantId.of(tenant), id)
            .orElseThrow(() -> new ConnectionNotFoundException(id));
    if (current.version() != expectedVersion) {
      throw new ConnectionExceptions.VersionMismatch(id, ConnectionController.etag(current));
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (request.name() != null) {
      checkName(request.name(), problems, false);
    }
    JsonNode settings =
        request.settings() == null
            ? current.settings()
            : objectOrEmpty(request.settings(), "settings", problems);
    JsonNode secretChanges =
        request.secrets() == null ? null : objectOrEmpty(request.secrets(), "secrets", problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    IntegrationTypeView type = types.get(tenant, current.type());
    ObjectNode secretValues = secrets.open(current);
    if (secretChanges != null) {
      for (Map.Entry<String, JsonNode> change : secretChanges.properties()) {
        if (change.getValue().isNull()) {
          secretValues.remove(change.getKey());
        } else {
          secretValues.set(change.getKey(), change.getValue());
        }
      }
    }
    problems.addAll(types.validate(type.settingsSchema(), settings, "settings", false));
    problems.addAll(types.validate(type.secretSchema(), secretValues, "secrets", true));
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    ConnectionRow changed =
        new ConnectionRow(
            current.tenant(),
            id,
            current.type(),
            request.name() == null ? current.name() : request.name().trim(),
            request.enabled() == null ? current.enabled() : request.enabled(),
            settings,
            ConnectionSecrets.fieldNames(secretValues),
            // A fresh data key on every secret change; otherwise the envelope stays as it is.
            secretChanges == null ? current.sealed() : secrets.seal(tenant, id, secretValues),
            current.version(),
            current.healthStatus(),
            current.healthCheckedAt(),
            current.createdAt(),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    ConnectionRow saved;
    try {
      saved = connections.save(changed);
    } catch (DuplicateKeyException e) {
      throw new ConnectionExceptions.DuplicateName(changed.name());
    }
    connections.makeHealthCheckDue(saved.tenant(), id);
    return saved;
  }

  @Transactional
  void delete(String tenant, String id) {
    if (!connections.delete(TenantId.of(tenant), id)) {
      throw new ConnectionNotFoundException(id);
    }
  }

  private Optional<ConnectionRow> claimIdempotencyKey(
      String tenant, String key, String fingerprint, String newId) {
    // A concurrent request with the same key blocks on the primary key until the first commits,
    // then finds its row.
    int inserted =
        jdbc.sql(
                "INSERT INTO connection_idempotency_keys (tenant, idempotency_key, fingerprint,"
                    + " connection_id) VALUES (:tenant, :key, :fingerprint, :id) ON CONFLICT DO"
                    + " NOTHING")
            .param("tenant", tenant)
            .param("key", key)
            .param("fingerprint", fingerprint)
            .param("id", newId)
            .update();
    if (inserted == 1) {
      return Optional.empty();
    }
    Map<String, Object> earlier =
        jdbc.sql(
                "SELECT fingerprint, connection_id FROM connection_idempotency_keys"
                    + " WHERE tenant = :tenant AND idempotency_key = :key")
            .param("tenant", tenant)
            .param("key", key)
            .query()
            .singleRow();
    if (!fingerprint.equals(earlier.get("fingerprint"))) {
      throw new ConnectionExceptions.IdempotencyKeyReused();
    }
    String id = (String) earlier.get("connection_id");
    return Optional.of(
        connections
            .findByTenantAndId(TenantId.of(tenant), id)
            .orElseThrow(() -> new ConnectionNotFoundException(id)));
  }

  // Secret values stay out of the fingerprint (see V2 migration); their field names are in it.
  private String fingerprint(ConnectionRequests.Create request, JsonNode secretValues) {
    ObjectNode shape = json.createObjectNode();
    shape.put("type", request.type());
    shape.put("name", request.name());
    shape.put("enabled", request.enabled() == null || request.enabled());
    shape.set("settings", request.settings());
    shape.putPOJO("secretFields", ConnectionSecrets.fieldNames(secretValues));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json.writeValueAsString(shape).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void checkName(String name, List<FieldProblem> problems, boolean required) {
    if (name == null || name.isBlank()) {
      if (required || name != null) {
        problems.add(new FieldProblem("name", "is required and may not be blank"));
      }
    } else if (name.trim().length() > MAX_NAME_LENGTH) {
      problems.add(new FieldProblem("name", "may have at most " + MAX_NAME_LENGTH + " characters"));
    }
  }

  private JsonNode objectOrEmpty(JsonNode value, String field, List<FieldProblem> problems) {
    if (value == null || value.isNull()) {
      return json.createObjectNode();
    }
    if (!value.isObject()) {
      problems.add(new FieldProblem(field, "must be a JSON object"));
      return null;
    }
    return value;
  }
}
