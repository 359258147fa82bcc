package io.flowmesh.tenantdata;

import io.flowmesh.model.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes one tenant's rows from every table of the service's schema that has a {@code tenant}
 * column, in one transaction. The tables are read from the catalogue at each purge, so a table a
 * new migration adds is purged without anyone remembering to; a table is emptied of the tenant's
 * rows only after every table with a foreign key to it. Partitions are purged through their parent
 * table.
 */
public class TenantDataPurge {

  private static final String TENANT_TABLES =
      """
      SELECT c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'tenant' AND NOT a.attisdropped)
      ORDER BY c.relname
      """;

  private static final String OTHER_TABLES =
      """
      SELECT c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'tenant' AND NOT a.attisdropped)
      ORDER BY c.relname
      """;

  /** Foreign keys within the schema: the referencing table and the one it references. */
  private static final String REFERENCES =
      """
      SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint k
      JOIN pg_class child ON child.oid = k.conrelid
      JOIN pg_class parent ON parent.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema() AND child.oid <> parent.oid
      """;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public TenantDataPurge(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /**
   * Deletes the tenant's rows.
   *
   * @return how many rows each table lost, in the order they were deleted
   */
  public Map<String, Integer> purge(TenantId tenant) {
    return transactions.execute(
        status -> {
          Map<String, Integer> deleted = new LinkedHashMap<>();
          for (String table : tenantTablesChildrenFirst()) {
            // table names come from the catalogue, quoted; the tenant is a parameter
            deleted.put(
                table,
                jdbc.update(
                    "DELETE FROM \"" + table.replace("\"", "\"\"") + "\" WHERE tenant = ?",
                    tenant.value()));
          }
          return deleted;
        });
  }

  /** The schema's tables with a tenant column, each after every table that references it. */
  public List<String> tenantTablesChildrenFirst() {
    List<String> tables = jdbc.queryForList(TENANT_TABLES, String.class);
    Map<String, Set<String>> referencedBy = new HashMap<>();
    jdbc.query(
        REFERENCES,
        rs -> {
          referencedBy
              .computeIfAbsent(rs.getString("parent"), k -> new LinkedHashSet<>())
              .add(rs.getString("child"));
        });
    List<String> ordered = new ArrayList<>(tables.size());
    Set<String> placed = new LinkedHashSet<>();
    for (String table : tables) {
      place(table, referencedBy, placed, new LinkedHashSet<>(), ordered);
    }
    ordered.retainAll(tables);
    return ordered;
  }

  /** The schema's tables without a tenant column: shared by all tenants, or the schema's own. */
  public List<String> tablesWithoutTenant() {
    return jdbc.queryForList(OTHER_TABLES, String.class);
  }

  /** Depth first: the tables that reference this one are placed before it. */
  private static void place(
      String table,
      Map<String, Set<String>> referencedBy,
      Set<String> placed,
      Set<String> visiting,
      List<String> ordered) {
    if (placed.contains(table) || !visiting.add(table)) {
      return; // placed already, or a cycle of references: its order does not matter then
    }
    for (String child : referencedBy.getOrDefault(table, Set.of())) {
      place(child, referencedBy, placed, visiting, ordered);
    }
    placed.add(table);
    ordered.add(table);
  }
}
