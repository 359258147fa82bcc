package io.flowmesh.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The smallest application that uses the outbox: auto-configured DataSource, Flyway ({@code
 * classpath:db/outbox}), Kafka, Jackson and transactions, plus what a service would bring itself (a
 * meter registry from Actuator, a traceparent from tracing).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class OutboxTestApplication {

  /** The traceparent the outbox stores for appends on the current thread; null outside a trace. */
  static final ThreadLocal<String> TRACEPARENT = new ThreadLocal<>();

  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  TraceparentSource testTraceparentSource() {
    return TRACEPARENT::get;
  }
}
