/**
 * webhook-service: subscriptions ({@code subscription}), ingestion of run events and the per-key
 * ordered delivery engine ({@code delivery}), Standard Webhooks signing ({@code signing}) and the
 * outbound SSRF guard ({@code ssrf}).
 */
package io.flowmesh.webhooks;
