package io.flowmesh.messaging;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;

/**
 * Spans for the work a consumed message causes, so that a run is one trace across services: each
 * span is a child of the trace context the message carries (its {@code traceparent}, W3C Trace
 * Context), and what the work publishes in turn carries the new span's context. A message without
 * one starts a new trace. The sampling decision travels in the context's flags, so it is made once,
 * where the run's trace began.
 */
public final class MessageSpans {

  /** Spans that record nothing and carry no context, for a service without tracing. */
  public static final MessageSpans NONE = new MessageSpans(Tracer.NOOP, Propagator.NOOP);

  private static final String TRACEPARENT = "traceparent";

  private final Tracer tracer;
  private final Propagator propagator;

  public MessageSpans(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Starts a consumer span, child of {@code traceparent}; the caller ends it when the work is done
   * (committed).
   *
   * @param traceparent the consumed message's trace context, or null
   */
  public Span start(String name, String traceparent) {
    return start(name, Span.Kind.CONSUMER, traceparent);
  }

  /**
   * Starts a producer span for sending a message, child of the trace context it was written with;
   * the message is sent with the new span's context instead, so its consumer's span is a child of
   * the send. The caller ends it when the broker acknowledged the message.
   */
  public Span startPublish(String name, String traceparent) {
    return start(name, Span.Kind.PRODUCER, traceparent);
  }

  private Span start(String name, Span.Kind kind, String traceparent) {
    Span.Builder builder =
        traceparent == null
            ? tracer.spanBuilder().setNoParent()
            : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
    return builder.name(name).kind(kind).start();
  }

  /**
   * Starts a span as {@link #start} does and makes it the current one on this thread until the
   * returned scope is closed, which also ends the span: what the work appends to the outbox, and
   * the calls it makes, are its children.
   */
  public Scope open(String name, String traceparent) {
    Span span = start(name, traceparent);
    Tracer.SpanInScope inScope = tracer.withSpan(span);
    return new Scope(span, inScope);
  }

  /** The W3C {@code traceparent} of a span, for the messages its work publishes; null for none. */
  public static String traceparent(Span span) {
    return span == null || span.isNoop() ? null : traceparent(span.context());
  }

  /** The W3C {@code traceparent} of a trace context: version 00, trace id, span id, flags. */
  public static String traceparent(TraceContext context) {
    boolean sampled = Boolean.TRUE.equals(context.sampled());
    return "00-" + context.traceId() + "-" + context.spanId() + (sampled ? "-01" : "-00");
  }

  /** A span in scope on this thread; closing it ends the span. */
  public static final class Scope implements AutoCloseable {
    private final Span span;
    private final Tracer.SpanInScope inScope;

    private Scope(Span span, Tracer.SpanInScope inScope) {
      this.span = span;
      this.inScope = inScope;
    }

    public Span span() {
      return span;
    }

    /** Marks the span failed, with the error that ended the work. */
    public void error(Throwable error) {
      span.error(error);
    }

    @Override
    public void close() {
      inScope.close();
      span.end();
    }
  }
}
