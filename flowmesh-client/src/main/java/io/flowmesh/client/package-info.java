/**
 * The Java client of Flowmesh's API ({@link io.flowmesh.client.FlowmeshClient}): one class per
 * resource, records for what goes in and out, RFC 9457 problems as {@link
 * io.flowmesh.client.FlowmeshProblemException}. Nothing here depends on Spring (ADR 0044).
 */
package io.flowmesh.client;
