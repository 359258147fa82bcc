package io.flowmesh.outbox;

import io.flowmesh.messaging.MessageSpans;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;

/** Reads the current span from Micrometer Tracing (backed by OpenTelemetry in the services). */
class MicrometerTraceparentSource implements TraceparentSource {

  private final ObjectProvider<Tracer> tracer;

  /** The tracer once found: a bean lookup per append showed in profiles of the run start path. */
  private volatile Tracer found;

  /** Takes a provider: the tracer may be defined after the outbox, or not at all. */
  MicrometerTraceparentSource(ObjectProvider<Tracer> tracer) {
    this.tracer = tracer;
  }

  @Override
  public String current() {
    Tracer current = found;
    if (current == null) {
      current = tracer.getIfAvailable();
      found = current;
    }
    Span span = current == null ? null : current.currentSpan();
    if (span == null) {
      return null;
    }
    return MessageSpans.traceparent(span);
  }
}
