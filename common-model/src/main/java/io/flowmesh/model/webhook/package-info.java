/**
 * Webhook platform event payloads, published to {@link io.flowmesh.model.Topics#PLATFORM_EVENTS}
 * for operators.
 */
package io.flowmesh.model.webhook;
