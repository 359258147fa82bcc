package io.flowmesh.events.store;

import java.time.Instant;
import java.util.Map;

/**
 * A stored event as the API shows it.
 *
 * @param id the stored id ({@code evt_...})
 * @param receivedAt when it was accepted
 * @param origin {@code api}, {@code hook} or {@code platform}
 * @param event the CloudEvent in the JSON event format: {@code specversion}, {@code id}, {@code
 *     source}, {@code type}, the optional attributes it has, its extensions, and {@code data} (or
 *     {@code data_base64})
 */
public record StoredEvent(
    String id, Instant receivedAt, String origin, Map<String, Object> event) {}
