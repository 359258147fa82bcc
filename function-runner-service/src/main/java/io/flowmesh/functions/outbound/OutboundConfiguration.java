package io.flowmesh.functions.outbound;

import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.ssrf.SsrfProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The SSRF guard for function URLs, with the operator's exceptions from {@code
 * flowmesh.functions.allow-loopback} and {@code flowmesh.functions.allowed-cidrs}
 * (FLOWMESH_FUNCTIONS_ALLOW_LOOPBACK, set only by the local launcher and tests).
 */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

  @Bean
  SsrfGuard functionsSsrfGuard(Environment environment) {
    SsrfProperties allowed =
        Binder.get(environment).bindOrCreate("flowmesh.functions", SsrfProperties.class);
    return new SsrfGuard(allowed, "HTTP functions");
  }
}
