package io.flowmesh.events.store;

import java.time.Instant;
import java.util.Map;

/**
 * A CloudEvent accepted for storing, its data already checked.
 *
 * @param source the CloudEvent's {@code source}
 * @param eventId the CloudEvent's {@code id}, unique per source
 * @param type the CloudEvent's {@code type}
 * @param subject its {@code subject}, or null
 * @param time its {@code time}, or null
 * @param dataContentType its {@code datacontenttype}, or null
 * @param dataSchema its {@code dataschema}, or null
 * @param jsonData the data as JSON text when it is JSON, else null
 * @param binaryData the data when it is not JSON, else null
 * @param extensions its extension attributes, by name, as strings
 */
public record NewEvent(
    String source,
    String eventId,
    String type,
    String subject,
    Instant time,
    String dataContentType,
    String dataSchema,
    String jsonData,
    byte[] binaryData,
    Map<String, String> extensions) {}
