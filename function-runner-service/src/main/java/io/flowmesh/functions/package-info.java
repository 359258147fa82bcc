/**
 * function-runner-service: the function registry ({@code registry}), execution of function requests
 * from Kafka ({@code execution}), direct calls of a function ({@code direct}) and the functions
 * built into the service ({@code builtin}).
 */
package io.flowmesh.functions;
