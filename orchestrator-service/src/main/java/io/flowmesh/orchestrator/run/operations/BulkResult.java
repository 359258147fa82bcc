package io.flowmesh.orchestrator.run.operations;

/**
 * What an operation on many runs did.
 *
 * @param affected how many runs it changed (or deleted)
 * @param skipped how many matching runs changed state between being found and being processed, and
 *     were left as they are
 * @param more whether more matching runs remain: call again to process them
 */
public record BulkResult(int affected, int skipped, boolean more) {}
