package io.flowmesh.webhooks.delivery;

import io.flowmesh.messaging.MessageSpans;
import io.flowmesh.model.Topics;
import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.webhooks.subscription.Subscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/** Wires ingestion and the delivery engine. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

  @Bean
  NewTopic runEventsTopic() {
    return TopicBuilder.name(Topics.RUN_EVENTS).partitions(6).replicas(1).build();
  }

  @Bean
  NewTopic platformEventsTopic() {
    return TopicBuilder.name(Topics.PLATFORM_EVENTS).partitions(6).replicas(1).build();
  }

  /**
   * A poll that cannot be stored (database down) is retried with backoff for as long as it takes:
   * skipping it would lose events. Unreadable records never get here; the listener skips them.
   */
  @Bean
  CommonErrorHandler kafkaErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(10_000);
    return new DefaultErrorHandler(backOff);
  }

  @Bean
  RetryPolicy retryPolicy(DeliveryProperties properties) {
    return RetryPolicy.from(properties);
  }

  @Bean
  CloudEventJson cloudEventJson(JsonMapper json) {
    return new CloudEventJson(json);
  }

  @Bean
  WebhookSender webhookSender(SsrfGuard ssrf, DeliveryProperties properties) {
    return new WebhookSender(ssrf, properties, Clock.systemUTC());
  }

  @Bean
  DeliveryEngine deliveryEngine(
      DeliveryStore store,
      WebhookSender sender,
      RetryPolicy policy,
      Subscriptions subscriptions,
      DeliveryProperties properties,
      MeterRegistry meters,
      MessageSpans spans) {
    AtomicInteger inFlight = new AtomicInteger();
    return new DeliveryEngine(
        store,
        sender,
        policy,
        subscriptions,
        properties,
        Clock.systemUTC(),
        inFlight,
        new DeliveryMetrics(meters, inFlight),
        spans);
  }
}
