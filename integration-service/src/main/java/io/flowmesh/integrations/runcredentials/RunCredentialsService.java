package io.flowmesh.integrations.runcredentials;

import io.flowmesh.integrations.credentials.CredentialsProperties;
import io.flowmesh.integrations.crypto.Sealed;
import io.flowmesh.integrations.crypto.SecretCipher;
import io.flowmesh.model.integration.RunCredentialAnswer;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores, reads and deletes the credentials a run was started with. Each entry is sealed with the
 * connection secrets' {@link SecretCipher}, bound to {@code run/<runId>/<integration>} in place of
 * a connection id: connection ids never contain '/', so no envelope moves between the two kinds.
 */
@Service
class RunCredentialsService {

  private static final TypeReference<Map<String, Object>> MAP_OF_OBJECTS = new TypeReference<>() {};

  private final SecretCipher cipher;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final RunCredentialsProperties properties;
  private final CredentialsProperties credentials;
  private final Clock clock = Clock.systemUTC();

  RunCredentialsService(
      SecretCipher cipher,
      JdbcClient jdbc,
      JsonMapper json,
      RunCredentialsProperties properties,
      CredentialsProperties credentials) {
    this.cipher = cipher;
    this.jdbc = jdbc;
    this.json = json;
    this.properties = properties;
    this.credentials = credentials;
  }

  /**
   * Replaces the run's set with these entries, all or none.
   *
   * @throws InvalidRequestException naming every field that breaks {@link RunCredentialRules}
   */
  @Transactional
  void store(String tenant, String runId, JsonNode integrations) {
    List<FieldProblem> problems = RunCredentialRules.problems(integrations, properties);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    delete(tenant, runId);
    Timestamp expiresAt = Timestamp.from(clock.instant().plus(properties.retention()));
    for (Map.Entry<String, JsonNode> entry : integrations.properties()) {
      Sealed sealed =
          cipher.encrypt(
              tenant, binding(runId, entry.getKey()), json.writeValueAsBytes(entry.getValue()));
      jdbc.sql(
              "INSERT INTO run_credentials (tenant, run_id, integration, encrypted_secret, key_id,"
                  + " expires_at) VALUES (:tenant, :runId, :integration, :secret, :keyId,"
                  + " :expiresAt)")
          .param("tenant", tenant)
          .param("runId", runId)
          .param("integration", entry.getKey())
          .param("secret", sealed.envelope())
          .param("keyId", sealed.keyId())
          .param("expiresAt", expiresAt)
          .update();
    }
  }

  /** The run's entry for the integration, decrypted; empty if it has none or it expired. */
  @Transactional(readOnly = true)
  Optional<RunCredentialAnswer> find(String tenant, String runId, String integration) {
    return jdbc.sql(
            "SELECT encrypted_secret, key_id, expires_at FROM run_credentials WHERE tenant = :tenant"
                + " AND run_id = :runId AND integration = :integration AND expires_at > now()")
        .param("tenant", tenant)
        .param("runId", runId)
        .param("integration", integration)
        .query(
            (rs, n) -> {
              Sealed sealed = new Sealed(rs.getString("key_id"), rs.getBytes("encrypted_secret"));
              ObjectNode values =
                  (ObjectNode)
                      json.readTree(cipher.decrypt(tenant, binding(runId, integration), sealed));
              Instant cacheUntil = clock.instant().plus(credentials.cacheTtl());
              Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
              return new RunCredentialAnswer(
                  runId,
                  integration,
                  json.convertValue(values, MAP_OF_OBJECTS),
                  RunCredentialRules.httpHeaders(values),
                  (expiresAt.isBefore(cacheUntil) ? expiresAt : cacheUntil)
                      .truncatedTo(ChronoUnit.SECONDS));
            })
        .optional();
  }

  /** Deletes the run's set; returns how many entries it had. */
  @Transactional
  int delete(String tenant, String runId) {
    return delete(tenant, List.of(runId));
  }

  /** Deletes the sets of these runs; returns how many entries they had. */
  @Transactional
  int delete(String tenant, Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return 0;
    }
    return jdbc.sql("DELETE FROM run_credentials WHERE tenant = :tenant AND run_id IN (:runIds)")
        .param("tenant", tenant)
        .param("runIds", runIds)
        .update();
  }

  /** What the associated data binds an entry to, beside its tenant. */
  static String binding(String runId, String integration) {
    return "run/" + runId + "/" + integration;
  }
}
