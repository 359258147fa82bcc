package io.flowmesh.integrations.health;

import io.flowmesh.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic health events go to. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

  @Bean
  NewTopic integrationEventsTopic() {
    return TopicBuilder.name(Topics.INTEGRATION_EVENTS).partitions(6).replicas(1).build();
  }
}
