/** Receiving Flowmesh's webhook deliveries: signatures checked, duplicates dropped, order kept. */
package io.flowmesh.client.webhook;
