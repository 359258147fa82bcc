package io.flowmesh.webhooks;

import io.flowmesh.ssrf.SsrfGuard;
import io.flowmesh.ssrf.SsrfProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The SSRF guard for endpoint URLs, with the operator's exceptions from {@code
 * flowmesh.webhooks.allow-loopback} and {@code flowmesh.webhooks.allowed-cidrs}.
 */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

  @Bean
  SsrfGuard ssrfGuard(Environment environment) {
    SsrfProperties allowed =
        Binder.get(environment).bindOrCreate("flowmesh.webhooks", SsrfProperties.class);
    return new SsrfGuard(allowed, "webhook endpoints");
  }
}
