package io.flowmesh.benchmarks;

/**
 * Payload of the benchmark's events: the ordering key, its per-key sequence number and a filler
 * that brings the JSON to the size of a typical run event (about 250 bytes).
 */
record BenchEvent(String key, long seq, String detail) {

  static final String DETAIL = "x".repeat(160);
}
