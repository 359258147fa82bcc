package io.flowmesh.integrations.credentials;

import io.flowmesh.web.EdgeProperties;
import io.flowmesh.web.ServiceToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /internal/**}: web-edge's filter only covers {@code /api/**}, and these endpoints
 * hand out decrypted credentials, so they need the same gateway token, and the connection endpoints
 * a valid tenant (operator endpoints such as re-encryption span all tenants). The gateway never
 * routes {@code /internal/**} (it routes only {@code /api/v1/...}); services inside the cluster
 * call it directly with the shared token.
 */
class InternalCallFilter extends OncePerRequestFilter {

  static final String TENANT_ATTRIBUTE = "io.flowmesh.integrations.credentials.tenant";

  private final ServiceToken serviceToken;

  InternalCallFilter(EdgeProperties properties) {
    this.serviceToken = new ServiceToken(properties);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/internal/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!serviceToken.presentIn(request)) {
      ServiceToken.reject(response, "Internal endpoints need the service token.");
      return;
    }
    String tenant = ServiceToken.tenantOf(request);
    boolean tenantScoped = request.getRequestURI().startsWith("/internal/v1/connections/");
    if (tenantScoped && tenant == null) {
      ServiceToken.reject(response, "Internal calls must name a valid tenant.");
      return;
    }
    request.setAttribute(TENANT_ATTRIBUTE, tenant);
    chain.doFilter(request, response);
  }
}
