package io.flowmesh.functions.container;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kubernetes client. Building it does not contact the API server, so the service starts without
 * a cluster (laptop); container executions then fail as retryable until one is reachable.
 */
@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(ContainerProperties properties) {
    Config config =
        properties.masterUrl() == null || properties.masterUrl().isBlank()
            ? Config.autoConfigure(null)
            : new ConfigBuilder(Config.empty())
                .withMasterUrl(properties.masterUrl())
                .withTrustCerts(false)
                .build();
    if (properties.namespace() != null && !properties.namespace().isBlank()) {
      config.setNamespace(properties.namespace());
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
