/**
 * Integration events ({@link io.flowmesh.model.Topics#INTEGRATION_EVENTS}), which never carry a
 * credential, and integration-service's internal credential answers to the function-runner ({@link
 * io.flowmesh.model.integration.ConnectionCredentials}, {@link
 * io.flowmesh.model.integration.RunCredentialAnswer}), which do and never print them.
 */
package io.flowmesh.model.integration;
