package io.flowmesh.model;

/**
 * Flowmesh's use of CloudEvents 1.0 (Kafka protocol binding, binary mode, JSON data). Besides the
 * required attributes every event carries {@code subject}, {@code time} and these extensions.
 */
public final class CloudEventAttributes {

  /** Extension attribute holding the tenant the event belongs to. */
  public static final String TENANT = "tenant";

  /** Extension attribute (Distributed Tracing extension) holding the W3C trace context. */
  public static final String TRACEPARENT = "traceparent";

  /** Content type of every event's data. */
  public static final String JSON = "application/json";

  private CloudEventAttributes() {}
}
