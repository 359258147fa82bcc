package io.flowmesh.tenantdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.model.TenantId;
import io.flowmesh.testinfra.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Quotas of stored things on a real PostgreSQL: the limit, a tenant's own limit, and two creates
 * racing at the limit, of which exactly one passes.
 */
class TenantQuotasTest {

  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;
  private TenantQuotas quotas;

  @BeforeEach
  void database() {
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(
            TestInfrastructure.newDatabase("tenant_quotas"),
            TestInfrastructure.postgres().username(),
            TestInfrastructure.postgres().password());
    jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE things (tenant TEXT NOT NULL, name TEXT NOT NULL)");
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    quotas =
        new TenantQuotas(
            jdbc,
            new TenantQuotaProperties(
                Map.of("things", 2L),
                Map.of("big", Map.of("things", 3L), "free", Map.of("things", 0L))));
  }

  @Test
  void aTenantStoresUpToItsLimitAndNoMore() {
    create("acme", "a");
    create("acme", "b");

    assertThatThrownBy(() -> create("acme", "c"))
        .isInstanceOf(QuotaExceededException.class)
        .satisfies(
            e -> {
              QuotaExceededException refused = (QuotaExceededException) e;
              assertThat(refused.getStatusCode().value()).isEqualTo(409);
              assertThat(refused.getBody().getProperties())
                  .containsEntry("quota", "things")
                  .containsEntry("limit", 2L);
            });
    assertThat(count("acme")).isEqualTo(2);
  }

  @Test
  void aTenantsOwnLimitReplacesTheCommonOne() {
    for (String name : List.of("a", "b", "c")) {
      create("big", name);
    }
    assertThatThrownBy(() -> create("big", "d")).isInstanceOf(QuotaExceededException.class);
    for (int i = 0; i < 5; i++) {
      create("free", "n" + i); // 0: unlimited
    }
    assertThat(count("free")).isEqualTo(5);
  }

  @Test
  void twoCreatesRacingAtTheLimitLetOnlyOneIn() throws Exception {
    create("racy", "a");
    CountDownLatch firstInserted = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      // The first create checks and inserts, then holds its transaction open until the second is
      // seen waiting for the quota's lock; without the lock the second would count one row (the
      // first's is not committed) and get in too.
      Future<Boolean> first =
          threads.submit(
              () ->
                  tryCreate(
                      "b",
                      () -> {
                        firstInserted.countDown();
                        awaitAdvisoryLockWaiter();
                      }));
      firstInserted.await();
      Future<Boolean> second = threads.submit(() -> tryCreate("c", () -> {}));
      assertThat(first.get()).isTrue();
      assertThat(second.get()).isFalse();
    }
    assertThat(count("racy")).isEqualTo(2);
  }

  @Test
  void aCheckOutsideATransactionIsAMistake() {
    assertThatThrownBy(() -> quotas.checkOneMore(TenantId.of("acme"), "things", "things", () -> 0))
        .isInstanceOf(IllegalStateException.class);
  }

  private void create(String tenant, String name) {
    transactions.executeWithoutResult(
        status -> {
          quotas.checkOneMore(TenantId.of(tenant), "things", "things", () -> count(tenant));
          jdbc.update("INSERT INTO things VALUES (?, ?)", tenant, name);
        });
  }

  private long count(String tenant) {
    return jdbc.queryForObject("SELECT count(*) FROM things WHERE tenant = ?", Long.class, tenant);
  }

  private boolean tryCreate(String name, Runnable beforeCommit) {
    try {
      transactions.executeWithoutResult(
          status -> {
            quotas.checkOneMore(TenantId.of("racy"), "things", "things", () -> count("racy"));
            jdbc.update("INSERT INTO things VALUES ('racy', ?)", name);
            beforeCommit.run();
          });
      return true;
    } catch (QuotaExceededException e) {
      return false;
    }
  }

  /** Waits (at most 10 s) until another session waits for an advisory lock. */
  private void awaitAdvisoryLockWaiter() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Long waiting =
          jdbc.queryForObject(
              "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
              Long.class);
      if (waiting != null && waiting > 0) {
        return;
      }
      Thread.onSpinWait();
    }
  }
}
