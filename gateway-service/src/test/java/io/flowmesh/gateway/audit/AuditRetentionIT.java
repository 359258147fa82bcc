package io.flowmesh.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.gateway.GatewayFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Audit entries older than the retention are purged; younger ones and other tenants' stay. */
@SpringBootTest(properties = "flowmesh.gateway.audit.retention=30d")
class AuditRetentionIT {

  @Autowired AuditStore store;
  @Autowired AuditPurge purge;
  @Autowired Clock clock;

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    GatewayFixture.gateway(registry, "fm_live_retention_it", "platform");
  }

  @Test
  void entriesOlderThanTheRetentionArePurged() {
    Instant now = clock.instant();
    store.insert(
        List.of(
            entry("acme", "old", now.minus(Duration.ofDays(31))),
            entry("acme", "recent", now.minus(Duration.ofDays(29))),
            entry("other", "old-too", now.minus(Duration.ofDays(90)))));

    purge.purge();

    assertThat(store.find("acme", all(), 10))
        .extracting(AuditEntry::path)
        .containsExactly("recent");
    assertThat(store.find("other", all(), 10)).isEmpty();
  }

  private static AuditQuery all() {
    return AuditQuery.parse(null, null, null, null, null);
  }

  private static AuditEntry entry(String tenant, String path, Instant at) {
    return new AuditEntry(0, tenant, "key_1", "POST", path, "orchestrator", 200, "r-1", at);
  }
}
