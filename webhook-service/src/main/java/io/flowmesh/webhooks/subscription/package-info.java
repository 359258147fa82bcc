/**
 * Webhook subscriptions: the REST API, validation (URL shape, SSRF, event type patterns), secret
 * generation, and the lookups the delivery engine needs.
 */
package io.flowmesh.webhooks.subscription;
