package io.flowmesh.events.health;

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
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Health of the Kafka connection, named {@code kafka} in the readiness group: Boot 4 has no Kafka
 * health indicator. Asks the cluster to describe itself with a short timeout. One admin client
 * lives as long as the application (it reconnects by itself), so a probe does not pay for a new
 * connection.
 */
@Component("kafkaHealthIndicator")
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

  private final Admin admin;
  private final int timeoutMillis;

  KafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaHealthProperties properties) {
    super("Kafka health check failed");
    this.timeoutMillis = Math.toIntExact(properties.timeout().toMillis());
    Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health-check");
    this.admin = Admin.create(config);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    DescribeClusterResult cluster =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis));
    String clusterId = cluster.clusterId().get(timeoutMillis, TimeUnit.MILLISECONDS);
    int nodes = cluster.nodes().get(timeoutMillis, TimeUnit.MILLISECONDS).size();
    builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
  }

  @Override
  public void destroy() {
    admin.close();
  }
}
