package io.flowmesh.functions.execution;

import io.flowmesh.model.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The topics this service consumes and produces, and what a failed poll does. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  @Bean
  NewTopic functionRequestsTopic() {
    return TopicBuilder.name(Topics.FUNCTION_REQUESTS).partitions(6).replicas(1).build();
  }

  @Bean
  NewTopic functionResultsTopic() {
    return TopicBuilder.name(Topics.FUNCTION_RESULTS).partitions(6).replicas(1).build();
  }

  /**
   * The listener handles bad records itself, so an exception that reaches the container means
   * PostgreSQL is unavailable: retry the poll until it is back rather than skip requests, which is
   * what the default handler would do after ten attempts.
   */
  @Bean
  CommonErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(30_000);
    return new DefaultErrorHandler(backOff);
  }
}
