package io.flowmesh.functions.container;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how container functions run.
 *
 * @param masterUrl Kubernetes API server; empty for the usual discovery (in-cluster service
 *     account, else KUBECONFIG / ~/.kube/config)
 * @param namespace namespace the Jobs are created in; empty for the service's own namespace (in a
 *     cluster, from its service account), which is where the Role in k8s/ grants the rights
 * @param ttlAfterFinished how long Kubernetes keeps a finished Job and its pod before deleting them
 * @param pollInterval how often a running Job's status is read
 * @param defaultCpu CPU limit of a function that sets none
 * @param defaultMemory memory limit of a function that sets none
 * @param maxLogSize only the end of a pod's log up to this size is read for the output line
 */
@ConfigurationProperties("flowmesh.functions.containers")
public record ContainerProperties(
    String masterUrl,
    String namespace,
    @DefaultValue("10m") Duration ttlAfterFinished,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("500m") String defaultCpu,
    @DefaultValue("256Mi") String defaultMemory,
    @DefaultValue("1048576") int maxLogSize) {}
