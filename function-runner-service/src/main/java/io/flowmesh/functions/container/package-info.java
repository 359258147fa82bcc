/**
 * Container functions ({@code oci}): one Kubernetes Job per execution, input in the {@code INPUT}
 * environment variable, output from the last JSON line of the pod's stdout.
 */
package io.flowmesh.functions.container;
