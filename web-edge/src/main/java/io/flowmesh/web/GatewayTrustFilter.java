package io.flowmesh.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts {@code /api/**} requests only when they carry the gateway's token, and takes the tenant
 * from the header the gateway set. A request that bypassed the gateway cannot choose its tenant.
 */
class GatewayTrustFilter extends OncePerRequestFilter {

  static final String TENANT_ATTRIBUTE = GatewayTrustFilter.class.getName() + ".tenant";

  private final ServiceToken serviceToken;
  private final EdgeProperties properties;

  GatewayTrustFilter(EdgeProperties properties) {
    this.serviceToken = new ServiceToken(properties);
    this.properties = properties;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !properties.isGatewayPath(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!serviceToken.presentIn(request)) {
      ServiceToken.reject(response, "Requests must come through the Flowmesh gateway.");
      return;
    }
    String tenant = ServiceToken.tenantOf(request);
    if (tenant == null) {
      ServiceToken.reject(response, "The gateway did not supply a valid tenant.");
      return;
    }
    request.setAttribute(TENANT_ATTRIBUTE, new Tenant(tenant));
    chain.doFilter(request, response);
  }
}
