package io.flowmesh.orchestrator.run.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of the operations on many runs at once, so one request stays one short piece of work;
 * clients call again while the answer says more remain.
 *
 * @param bulkLimit most runs one bulk cancel or bulk retry call changes
 * @param purgeLimit most runs one purge call deletes
 */
@ConfigurationProperties("flowmesh.orchestrator.run-operations")
public record RunOperationsProperties(
    @DefaultValue("100") int bulkLimit, @DefaultValue("1000") int purgeLimit) {}
