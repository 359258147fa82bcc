package io.flowmesh.tenantdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.model.TenantId;
import io.flowmesh.testinfra.TestInfrastructure;
import java.util.ArrayList;
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
    CountDownLatch bothCounting = new CountDownLatch(2);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (String name : List.of("b", "c")) {
        outcomes.add(
            threads.submit(
                () -> {
                  bothCounting.countDown();
                  try {
                    transactions.executeWithoutResult(
                        status -> {
                          quotas.checkOneMore(
                              TenantId.of("racy"), "things", "things", () -> count("racy"));
                          jdbc.update("INSERT INTO things VALUES ('racy', ?)", name);
                          sleepQuietly(300); // the other request counts meanwhile, or waits
                        });
                    return true;
                  } catch (QuotaExceededException e) {
                    return false;
                  }
                }));
      }
      bothCounting.await();
      List<Boolean> passed = new ArrayList<>();
      for (Future<Boolean> outcome : outcomes) {
        passed.add(outcome.get());
      }
      assertThat(passed).containsExactlyInAnyOrder(true, false);
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

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
