/**
 * function-runner-service: the function registry ({@code registry}), execution of function requests
 * from Kafka ({@code execution}), direct calls of a function ({@code direct}), the functions built
 * into the service ({@code builtin}) and the tasks of external workers ({@code worker}).
 */
package io.flowmesh.functions;
