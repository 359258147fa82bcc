package io.flowmesh.messaging;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link MessageSpans} on the service's tracer (OpenTelemetry through Micrometer Tracing), or spans
 * that record nothing when the service has no tracer.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration"
    })
public class MessageTracingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MessageSpans messageSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    Tracer found = tracer.getIfAvailable();
    Propagator foundPropagator = propagator.getIfAvailable();
    return found == null || foundPropagator == null
        ? MessageSpans.NONE
        : new MessageSpans(found, foundPropagator);
  }
}
