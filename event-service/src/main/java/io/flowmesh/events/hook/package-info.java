/**
 * Inbound webhooks: hooks ({@code /api/v1/hooks}) a provider posts to at {@code POST
 * /hooks/{hookId}} without an API key, each verified by its own scheme and secret, and stored as a
 * CloudEvent that runs through the triggers (ADR 0033).
 */
package io.flowmesh.events.hook;
