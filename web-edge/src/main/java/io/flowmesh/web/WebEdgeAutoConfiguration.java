package io.flowmesh.web;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Installs the gateway trust filter, the refusal of NUL characters in JSON bodies and the {@link
 * Tenant} argument resolver.
 */
@AutoConfiguration
@EnableConfigurationProperties(EdgeProperties.class)
public class WebEdgeAutoConfiguration implements WebMvcConfigurer {

  @Bean
  FilterRegistrationBean<GatewayTrustFilter> gatewayTrustFilter(EdgeProperties properties) {
    FilterRegistrationBean<GatewayTrustFilter> registration =
        new FilterRegistrationBean<>(new GatewayTrustFilter(properties));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  FilterRegistrationBean<NulCharacterFilter> nulCharacterFilter() {
    FilterRegistrationBean<NulCharacterFilter> registration =
        new FilterRegistrationBean<>(new NulCharacterFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new TenantArgumentResolver());
  }
}
