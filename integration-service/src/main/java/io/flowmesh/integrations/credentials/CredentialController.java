package io.flowmesh.integrations.credentials;

import io.flowmesh.model.integration.ConnectionCredentials;
import io.flowmesh.web.EdgeProperties;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Credential resolution for the function-runner: {@code GET
 * /internal/v1/connections/{id}/credentials} with the service token and the execution's tenant. The
 * only endpoint that returns secret values; never routed by the gateway.
 */
@RestController
class CredentialController {

  /** Optional header naming the calling service, for the audit trail. */
  static final String CALLER_HEADER = "X-Flowmesh-Caller";

  private static final Pattern CALLER = Pattern.compile("[A-Za-z0-9_.:/-]{1,100}");

  private final CredentialResolver resolver;

  CredentialController(CredentialResolver resolver) {
    this.resolver = resolver;
  }

  @GetMapping("/internal/v1/connections/{id}/credentials")
  ResponseEntity<ConnectionCredentials> credentials(
      @RequestAttribute(InternalCallFilter.TENANT_ATTRIBUTE) String tenant,
      @PathVariable String id,
      @RequestHeader(name = CALLER_HEADER, required = false) String caller,
      @RequestHeader(name = "User-Agent", required = false) String userAgent) {
    String who = caller != null && CALLER.matcher(caller).matches() ? caller : agent(userAgent);
    // Credentials must not land in shared HTTP caches.
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(resolver.resolve(tenant, id, who));
  }

  private static String agent(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "unknown";
    }
    String clean = userAgent.replaceAll("[^\\x20-\\x7e]", "?");
    return "user-agent:" + (clean.length() > 100 ? clean.substring(0, 100) : clean);
  }

  @Configuration(proxyBeanMethods = false)
  static class Filters {
    @Bean
    FilterRegistrationBean<InternalCallFilter> internalCallFilter(EdgeProperties properties) {
      FilterRegistrationBean<InternalCallFilter> registration =
          new FilterRegistrationBean<>(new InternalCallFilter(properties));
      registration.addUrlPatterns("/internal/*");
      return registration;
    }
  }
}
