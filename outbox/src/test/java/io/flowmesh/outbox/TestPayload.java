package io.flowmesh.outbox;

/** Payload of the test events: the key it was written for and its sequence number for that key. */
record TestPayload(String key, long n, String note) {}
