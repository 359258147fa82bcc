package io.flowmesh.web;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
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
 * Accepts {@code /api/**} requests only when they carry the gateway's token, and takes the tenant
 * from the header the gateway set. A request that bypassed the gateway cannot choose its tenant.
 */
class GatewayTrustFilter extends OncePerRequestFilter {

  static final String TENANT_ATTRIBUTE = GatewayTrustFilter.class.getName() + ".tenant";

  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private final byte[] gatewayToken;

  GatewayTrustFilter(EdgeProperties properties) {
    this.gatewayToken = properties.gatewayToken().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = request.getHeader(InternalHeaders.GATEWAY_TOKEN);
    if (token == null
        || !MessageDigest.isEqual(gatewayToken, token.getBytes(StandardCharsets.UTF_8))) {
      reject(response, "Requests must come through the Flowmesh gateway.");
      return;
    }
    String tenant = request.getHeader(InternalHeaders.TENANT);
    if (tenant == null || !TENANT_ID.matcher(tenant).matches()) {
      reject(response, "The gateway did not supply a valid tenant.");
      return;
    }
    request.setAttribute(TENANT_ATTRIBUTE, new Tenant(tenant));
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
