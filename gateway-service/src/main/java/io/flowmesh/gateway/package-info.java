/**
 * Flowmesh's API gateway: Spring Cloud Gateway (WebFlux) routes declared in {@code
 * application.yml}, plus web filters for what configuration cannot say (API-key authentication,
 * request ids, body size limits) and one error handler that turns every gateway error into an RFC
 * 9457 problem.
 */
package io.flowmesh.gateway;
