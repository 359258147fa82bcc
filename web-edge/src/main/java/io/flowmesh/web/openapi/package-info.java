/**
 * The parts of every service's OpenAPI document that are the same everywhere: the gateway as the
 * server, the API key, RFC 9457 problem responses, resource tags and examples. Each service only
 * names its title, description and tags in {@code flowmesh.openapi.*}. The gateway merges the
 * documents into one (ADR 0021).
 */
package io.flowmesh.web.openapi;
