package io.flowmesh.integrations.outbound;

import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.ssrf.SsrfProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The SSRF guard for token endpoints and health URLs, with the operator's exceptions from {@code
 * flowmesh.integrations.allow-loopback} and {@code flowmesh.integrations.allowed-cidrs}.
 */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

  @Bean
  SsrfGuard ssrfGuard(Environment environment) {
    SsrfProperties allowed =
        Binder.get(environment).bindOrCreate("flowmesh.integrations", SsrfProperties.class);
    return new SsrfGuard(allowed, "integration endpoints");
  }
}
