package io.flowmesh.events.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of {@code POST /api/v1/events} ({@code flowmesh.events.ingest.*}).
 *
 * @param maxEventData the largest data of one event (default 256KB, as most brokers allow)
 * @param maxRequest the largest request body (default 1MB, the gateway's own limit)
 * @param maxBatch the most events in one batch (default 1,000)
 * @param maxGroupSize the most requests whose events are stored in one transaction when they arrive
 *     together (group commit; default 32, 1 gives each request its own transaction)
 */
@ConfigurationProperties("flowmesh.events.ingest")
public record IngestProperties(
    DataSize maxEventData, DataSize maxRequest, Integer maxBatch, Integer maxGroupSize) {

  public IngestProperties {
    maxEventData = maxEventData == null ? DataSize.ofKilobytes(256) : maxEventData;
    maxRequest = maxRequest == null ? DataSize.ofMegabytes(1) : maxRequest;
    maxBatch = maxBatch == null ? 1000 : maxBatch;
    maxGroupSize = maxGroupSize == null ? 32 : maxGroupSize;
  }
}
