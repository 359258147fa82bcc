/**
 * HTTP functions: the input is POSTed as JSON to the registered URL, behind a circuit breaker and a
 * bulkhead per function (Resilience4j).
 */
package io.flowmesh.functions.http;
