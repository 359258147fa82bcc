/**
 * Integration events ({@link io.flowmesh.model.Topics#INTEGRATION_EVENTS}). No payload here ever
 * carries a credential.
 */
package io.flowmesh.model.integration;
