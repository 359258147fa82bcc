/**
 * Triggers: which events start which workflow ({@code /api/v1/triggers}), evaluated in the
 * transaction that stores each event, with a record of every evaluation (ADR 0032).
 */
package io.flowmesh.events.trigger;
