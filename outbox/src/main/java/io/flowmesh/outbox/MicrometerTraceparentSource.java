package io.flowmesh.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/** Reads the current span from Micrometer Tracing (backed by OpenTelemetry in the services). */
class MicrometerTraceparentSource implements TraceparentSource {

  private final Tracer tracer;

  MicrometerTraceparentSource(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public String current() {
    Span span = tracer.currentSpan();
    if (span == null) {
      return null;
    }
    TraceContext context = span.context();
    boolean sampled = Boolean.TRUE.equals(context.sampled());
    return "00-" + context.traceId() + "-" + context.spanId() + (sampled ? "-01" : "-00");
  }
}
