package io.flowmesh.orchestrator.definition;

/**
 * One case of a switch node: the first case whose CEL expression is true decides the branch.
 *
 * @param id the branch name its edges carry in {@code sourceHandle}
 * @param expression a boolean CEL expression
 */
public record SwitchCase(String id, String expression) {}
