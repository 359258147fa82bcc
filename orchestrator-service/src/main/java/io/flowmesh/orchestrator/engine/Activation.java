package io.flowmesh.orchestrator.engine;

import io.flowmesh.orchestrator.definition.Node;

/**
 * A node to activate with the given input, once the activation in progress is done.
 *
 * @param node the node
 * @param input what it starts with: the output of the node that activated it
 */
record Activation(Node node, Object input) {}
