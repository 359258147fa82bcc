/**
 * The providers of the shipped function packs as connection types: how each sends its credential,
 * where it is reached in this deployment and which call checks its health (ADR 0050).
 */
package io.flowmesh.integrations.provider;
