/**
 * Run and node lifecycle event payloads, published to {@link io.flowmesh.model.Topics#RUN_EVENTS}.
 */
package io.flowmesh.model.run;
