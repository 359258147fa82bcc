/**
 * The outbound SSRF guard: which URLs and addresses calls to user-supplied URLs (webhook endpoints,
 * HTTP functions, integration health checks) may reach. Check when the URL is saved and again, on a
 * fresh resolution, before every call, and connect to the checked address.
 */
package io.flowmesh.ssrf;
