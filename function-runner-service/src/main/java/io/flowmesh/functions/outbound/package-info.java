/**
 * Outbound HTTP for functions (system/http-request, slack/send-message, HTTP functions): every URL
 * passes the SSRF guard and the connection goes to the checked address.
 */
package io.flowmesh.functions.outbound;
