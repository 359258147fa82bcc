package io.flowmesh.outbox;

/**
 * The W3C {@code traceparent} of the current span, stored with each outbox row so a trace follows a
 * message through the outbox and Kafka.
 */
@FunctionalInterface
public interface TraceparentSource {

  /** The current traceparent, or null outside a trace. */
  String current();

  /** For services without tracing. */
  TraceparentSource NONE = () -> null;
}
