package io.flowmesh.events.trigger;

import io.flowmesh.cel.CelExpressions;
import io.flowmesh.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The CEL environment of triggers and the topic their start requests go to. */
@Configuration(proxyBeanMethods = false)
class TriggerConfiguration {

  /** Trigger expressions see one variable, {@code event}. */
  @Bean
  CelExpressions triggerExpressions() {
    return CelExpressions.over("event");
  }

  @Bean
  NewTopic runStartRequestsTopic() {
    return TopicBuilder.name(Topics.RUN_START_REQUESTS).partitions(6).replicas(1).build();
  }
}
