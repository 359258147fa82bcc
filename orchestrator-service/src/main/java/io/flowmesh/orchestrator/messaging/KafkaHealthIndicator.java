package io.flowmesh.orchestrator.messaging;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** Readiness includes the broker: a service that cannot reach Kafka takes no traffic. */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator {

  private final AdminClient admin;

  KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
    config.put("request.timeout.ms", 3_000);
    config.put("default.api.timeout.ms", 3_000);
    this.admin = AdminClient.create(config);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    String clusterId =
        admin
            .describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
            .clusterId()
            .get(3, TimeUnit.SECONDS);
    builder.up().withDetail("clusterId", clusterId);
  }
}
