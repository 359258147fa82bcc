package io.flowmesh.integrations.credentials;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import io.flowmesh.web.EdgeProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private final byte[] gatewayToken;

  InternalCallFilter(EdgeProperties properties) {
    this.gatewayToken = properties.gatewayToken().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/internal/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = request.getHeader(InternalHeaders.GATEWAY_TOKEN);
    if (token == null
        || !MessageDigest.isEqual(gatewayToken, token.getBytes(StandardCharsets.UTF_8))) {
      reject(response, "Internal endpoints need the service token.");
      return;
    }
    String tenant = request.getHeader(InternalHeaders.TENANT);
    boolean tenantScoped = request.getRequestURI().startsWith("/internal/v1/connections/");
    if (tenantScoped && (tenant == null || !TENANT_ID.matcher(tenant).matches())) {
      reject(response, "Internal calls must name a valid tenant.");
      return;
    }
    request.setAttribute(TENANT_ATTRIBUTE, tenant);
    chain.doFilter(request, response);
  }

  private static void reject(HttpServletResponse response, String detail) throws IOException {
    response.setStatus(HttpStatus.UNAUTHORIZED.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response
        .getWriter()
        .write(
            "{\"type\":\""
                + ProblemTypes.UNAUTHORIZED
                + "\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + detail
                + "\"}");
  }
}
