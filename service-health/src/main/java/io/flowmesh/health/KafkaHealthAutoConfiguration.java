package io.flowmesh.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Contributes {@code kafka} to the health endpoint in a service that uses Kafka, for its readiness
 * group. It reaches the brokers with the configuration of the service's {@link KafkaAdmin}, and
 * steps aside when the service declares its own {@code kafka} contributor or sets {@code
 * management.health.kafka.enabled=false}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnEnabledHealthIndicator("kafka")
@EnableConfigurationProperties(KafkaHealthProperties.class)
public class KafkaHealthAutoConfiguration {

  /** Named so that the contributor is {@code kafka}: Boot drops the "HealthIndicator" suffix. */
  @Bean
  @ConditionalOnMissingBean(name = {"kafka", "kafkaHealthIndicator", "kafkaHealthContributor"})
  KafkaHealthIndicator kafkaHealthIndicator(
      KafkaAdmin kafkaAdmin, KafkaHealthProperties properties) {
    return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), properties.timeout());
  }
}
