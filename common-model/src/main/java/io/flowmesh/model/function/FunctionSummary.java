package io.flowmesh.model.function;

/**
 * What other services read of function-runner's answer to {@code GET
 * /api/v1/functions/{namespace}/{name}}: the orchestrator asks it whether a definition may call a
 * function. The answer carries more fields (the function's full API view); readers ignore them.
 *
 * @param slug the function's slug, {@code <namespace>/<name>}
 * @param enabled whether it may run: a disabled function is registered but no definition may call
 *     it. function-runner always sends it; a reader takes its absence as enabled.
 */
public record FunctionSummary(String slug, Boolean enabled) {}
