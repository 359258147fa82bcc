package io.flowmesh.ssrf;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link SsrfGuard} of a service that names its settings prefix in {@code
 * flowmesh.outbound-guard.settings-prefix}, with the operator's exceptions read from under that
 * prefix. A service that needs another guard declares its own {@link SsrfGuard} bean.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "flowmesh.outbound-guard", name = "settings-prefix")
@EnableConfigurationProperties(OutboundGuardProperties.class)
public class OutboundGuardAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SsrfGuard ssrfGuard(OutboundGuardProperties guard, Environment environment) {
    // Bound by hand: the prefix is the service's, known only at run time.
    SsrfProperties allowed =
        Binder.get(environment).bindOrCreate(guard.settingsPrefix(), SsrfProperties.class);
    return new SsrfGuard(allowed, guard.targets());
  }
}
