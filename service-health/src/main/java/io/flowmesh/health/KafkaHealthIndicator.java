package io.flowmesh.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Kafka connection (Boot 4 has no Kafka health indicator): up when the cluster
 * describes itself within the timeout.
 *
 * <p>One admin client serves all checks while they succeed, so a probe does not pay for a new
 * connection. It does not rebootstrap by itself (Kafka 4's rebootstrap spins and logs without pause
 * while no broker answers); instead a failed check replaces it, so the next check starts again from
 * the bootstrap servers, e.g. after the brokers moved.
 */
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

  private final Map<String, Object> config;
  private final int timeoutMillis;
  private Admin admin;

  /**
   * @param adminConfig the service's admin client configuration (bootstrap servers, security)
   * @param timeout how long a check waits for the cluster
   */
  KafkaHealthIndicator(Map<String, Object> adminConfig, Duration timeout) {
    super("Kafka health check failed");
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    Map<String, Object> config = new HashMap<>(adminConfig);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
    config.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    this.config = Map.copyOf(config);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    Admin client = client();
    try {
      DescribeClusterResult cluster =
          client.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis));
      String clusterId = cluster.clusterId().get(timeoutMillis, TimeUnit.MILLISECONDS);
      int nodes = cluster.nodes().get(timeoutMillis, TimeUnit.MILLISECONDS).size();
      builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
    } catch (Exception e) {
      discard(client);
      throw e;
    }
  }

  @Override
  public synchronized void destroy() {
    if (admin != null) {
      discard(admin);
    }
  }

  private synchronized Admin client() {
    if (admin == null) {
      admin = Admin.create(config);
    }
    return admin;
  }

  /** Closes a failed client; a concurrent check may already have replaced it. */
  private synchronized void discard(Admin failed) {
    if (admin == failed) {
      admin = null;
    }
    // Do not wait for in-flight calls: the check has already given up on them.
    failed.close(Duration.ZERO);
  }
}
