package io.flowmesh.events.hook;

import io.flowmesh.events.hook.Hook.RateLimit;
import io.flowmesh.events.hook.Hook.Response;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tenants' hooks. The API's statements are scoped to one tenant; a delivery finds its hook by
 * id alone, with the hook's tenant and secret.
 */
@Repository
class HookRepository {

  /** A hook as a delivery needs it. */
  record Receiving(TenantId tenant, Hook hook, String secret) {}

  private static final String COLUMNS =
      "id, tenant, name, event_type, scheme, signature_header, encoding, prefix, username,"
          + " tolerance_seconds, headers, max_body_bytes, respond, respond_timeout_ms,"
          + " rate_requests, rate_period_ms, created_at, updated_at";

  private final JdbcClient jdbc;

  HookRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(TenantId tenant, Hook hook, String secret) {
    jdbc.sql(
            """
            INSERT INTO hooks (id, tenant, name, event_type, scheme, signature_header, encoding,
                               prefix, username, tolerance_seconds, secret, headers,
                               max_body_bytes, respond, respond_timeout_ms, rate_requests,
                               rate_period_ms, created_at, updated_at)
            VALUES (:id, :tenant, :name, :eventType, :scheme, :header, :encoding, :prefix,
                    :username, :tolerance, :secret, :headers, :maxBodyBytes, :respond,
                    :respondTimeoutMs, :rateRequests, :ratePeriodMs, :createdAt, :updatedAt)
            """)
        .param("tenant", tenant.value())
        .param("secret", secret)
        .params(parameters(hook))
        .update();
  }

  /**
   * @param secret the new secret, or null to keep the stored one
   * @return false if the tenant has no such hook
   */
  boolean update(TenantId tenant, Hook hook, String secret) {
    return jdbc.sql(
                """
                UPDATE hooks SET name = :name, event_type = :eventType, scheme = :scheme,
                  signature_header = :header, encoding = :encoding, prefix = :prefix,
                  username = :username, tolerance_seconds = :tolerance,
                  secret = COALESCE(:secret, secret), headers = :headers,
                  max_body_bytes = :maxBodyBytes, respond = :respond,
                  respond_timeout_ms = :respondTimeoutMs, rate_requests = :rateRequests,
                  rate_period_ms = :ratePeriodMs, updated_at = :updatedAt
                WHERE tenant = :tenant AND id = :id
                """)
            .param("tenant", tenant.value())
            .param("secret", secret)
            .params(parameters(hook))
            .update()
        == 1;
  }

  boolean delete(TenantId tenant, String id) {
    return jdbc.sql("DELETE FROM hooks WHERE tenant = :tenant AND id = :id")
            .param("tenant", tenant.value())
            .param("id", id)
            .update()
        == 1;
  }

  Optional<Hook> find(TenantId tenant, String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM hooks WHERE tenant = :tenant AND id = :id")
        .param("tenant", tenant.value())
        .param("id", id)
        .query(HookRepository::hook)
        .optional();
  }

  List<Hook> list(TenantId tenant, PageRequest page) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM hooks WHERE tenant = :tenant AND id > :after ORDER BY id LIMIT :limit")
        .param("tenant", tenant.value())
        .param("after", page.after())
        .param("limit", page.fetchSize())
        .query(HookRepository::hook)
        .list();
  }

  /** The hook a delivery names, whichever tenant's it is. */
  Optional<Receiving> receiving(String id) {
    return jdbc.sql("SELECT " + COLUMNS + ", secret FROM hooks WHERE id = :id")
        .param("id", id)
        .query(
            (rs, row) ->
                new Receiving(
                    TenantId.of(rs.getString("tenant")), hook(rs, row), rs.getString("secret")))
        .optional();
  }

  private static Map<String, Object> parameters(Hook hook) {
    Verification verification = hook.verification();
    Map<String, Object> values = new HashMap<>();
    values.put("id", hook.id());
    values.put("name", hook.name());
    values.put("eventType", hook.eventType());
    values.put("scheme", verification.scheme());
    values.put("header", verification.header());
    values.put("encoding", verification.encoding());
    values.put("prefix", verification.prefix());
    values.put("username", verification.username());
    values.put("tolerance", verification.toleranceSeconds());
    values.put("headers", hook.headers().toArray(String[]::new));
    values.put("maxBodyBytes", hook.maxBodyBytes());
    values.put("respond", hook.response().mode());
    values.put("respondTimeoutMs", hook.response().timeout().toMillis());
    RateLimit rate = hook.rateLimit();
    values.put("rateRequests", rate == null ? null : rate.requests());
    values.put("ratePeriodMs", rate == null ? null : rate.per().toMillis());
    values.put("createdAt", Timestamp.from(hook.createdAt()));
    values.put("updatedAt", Timestamp.from(hook.updatedAt()));
    return values;
  }

  private static RateLimit rateLimit(ResultSet rs) throws SQLException {
    int requests = rs.getInt("rate_requests");
    return rs.wasNull()
        ? null
        : new RateLimit(requests, Duration.ofMillis(rs.getLong("rate_period_ms")));
  }

  private static Hook hook(ResultSet rs, int row) throws SQLException {
    String id = rs.getString("id");
    return new Hook(
        id,
        rs.getString("name"),
        rs.getString("event_type"),
        new Verification(
            rs.getString("scheme"),
            rs.getString("signature_header"),
            rs.getString("encoding"),
            rs.getString("prefix"),
            rs.getString("username"),
            (Integer) rs.getObject("tolerance_seconds")),
        Arrays.asList((String[]) rs.getArray("headers").getArray()),
        rs.getLong("max_body_bytes"),
        new Response(rs.getString("respond"), Duration.ofMillis(rs.getLong("respond_timeout_ms"))),
        rateLimit(rs),
        Hook.pathOf(id),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
