/**
 * Flowmesh wire contracts: the CloudEvents attributes every Kafka record carries, topic names,
 * event types and the JSON payload records exchanged between services. Plain Java only: no Spring,
 * no Jackson annotations, no logic.
 */
package io.flowmesh.model;
