/**
 * The outbound SSRF guard: which URLs and addresses webhook deliveries may reach, checked when a
 * subscription is created and again, on a fresh resolution, before every attempt.
 */
package io.flowmesh.webhooks.ssrf;
