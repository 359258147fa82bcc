package io.flowmesh.orchestrator.messaging;

import io.flowmesh.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Topics the orchestrator produces and consumes, and how a failed batch is retried. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

  static final int PARTITIONS = 6;

  @Bean
  NewTopic runEventsTopic() {
    return TopicBuilder.name(Topics.RUN_EVENTS).partitions(PARTITIONS).replicas(1).build();
  }

  @Bean
  NewTopic functionRequestsTopic() {
    return TopicBuilder.name(Topics.FUNCTION_REQUESTS).partitions(PARTITIONS).replicas(1).build();
  }

  @Bean
  NewTopic functionResultsTopic() {
    return TopicBuilder.name(Topics.FUNCTION_RESULTS).partitions(PARTITIONS).replicas(1).build();
  }

  @Bean
  NewTopic runStartRequestsTopic() {
    return TopicBuilder.name(Topics.RUN_START_REQUESTS).partitions(PARTITIONS).replicas(1).build();
  }

  @Bean
  NewTopic workflowEventsTopic() {
    return TopicBuilder.name(Topics.WORKFLOW_EVENTS).partitions(PARTITIONS).replicas(1).build();
  }

  @Bean
  NewTopic eventsTopic() {
    return TopicBuilder.name(Topics.EVENTS).partitions(PARTITIONS).replicas(1).build();
  }

  /**
   * Unreadable records are skipped by the listener itself, so what fails a batch is the database or
   * the broker: retry without limit (backing off to 30 s) rather than skip and lose a result.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(30_000);
    return new DefaultErrorHandler(backOff);
  }
}
