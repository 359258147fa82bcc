package io.flowmesh.events.store;

import java.time.Instant;

/**
 * Which stored events a listing returns; null fields do not filter.
 *
 * @param type the CloudEvent type, exactly
 * @param source the CloudEvent source, exactly
 * @param subject the CloudEvent subject, exactly
 * @param from accepted at or after
 * @param to accepted before
 */
public record EventFilter(String type, String source, String subject, Instant from, Instant to) {}
