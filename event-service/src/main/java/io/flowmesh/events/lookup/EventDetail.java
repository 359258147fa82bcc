package io.flowmesh.events.lookup;

import io.flowmesh.events.trigger.Evaluation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stored event with what it triggered.
 *
 * @param id the stored id
 * @param receivedAt when it was accepted
 * @param origin {@code api}, {@code hook} or {@code platform}
 * @param event the CloudEvent in the JSON event format
 * @param triggered one evaluation per trigger that listened to its type: the run it started, or why
 *     not
 */
public record EventDetail(
    String id,
    Instant receivedAt,
    String origin,
    Map<String, Object> event,
    List<Evaluation> triggered) {}
