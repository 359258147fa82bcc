package io.flowmesh.orchestrator.definition.catalog;

import io.flowmesh.model.TenantId;
import io.flowmesh.web.paging.Page;
import io.flowmesh.web.paging.PageRequest;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists a tenant's workflows by id from the {@code workflows} table, one row per workflow kept by
 * every save (migration V20), so a page is a range of its primary key whatever the number of
 * versions.
 */
@Repository
public class DefinitionCatalog {

  private final JdbcClient jdbc;

  DefinitionCatalog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One page of the tenant's workflows matching the filter, in id order. */
  @Transactional(readOnly = true)
  public Page<DefinitionSummary> list(TenantId tenant, CatalogFilter filter, PageRequest page) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT w.workflow_id, w.name, w.latest_version, w.description, w.tags,"
                + " NOT EXISTS (SELECT 1 FROM disabled_workflows d"
                + " WHERE d.tenant = w.tenant AND d.workflow_id = w.workflow_id),"
                + " w.created_at, w.updated_at FROM workflows w WHERE w.tenant = :tenant");
    // strpos, not LIKE: a '%' or '_' the user types is text to find, not a wildcard.
    if (filter.name() != null) {
      sql.append(
          " AND (strpos(lower(w.workflow_id), lower(:name)) > 0"
              + " OR strpos(lower(w.name), lower(:name)) > 0)");
    }
    if (filter.tag() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM unnest(w.tags) t WHERE lower(t) = lower(:tag))");
    }
    if (!page.after().isEmpty()) {
      sql.append(" AND w.workflow_id > :after");
    }
    sql.append(" ORDER BY w.workflow_id LIMIT :limit");
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString()).param("tenant", tenant.value()).param("limit", page.fetchSize());
    if (filter.name() != null) {
      statement = statement.param("name", filter.name());
    }
    if (filter.tag() != null) {
      statement = statement.param("tag", filter.tag());
    }
    if (!page.after().isEmpty()) {
      statement = statement.param("after", page.after());
    }
    List<DefinitionSummary> fetched =
        statement
            .query(
                (rs, i) ->
                    new DefinitionSummary(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        List.of((String[]) rs.getArray(5).getArray()),
                        rs.getBoolean(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant()))
            .list();
    return page.page(fetched, DefinitionSummary::id);
  }
}
