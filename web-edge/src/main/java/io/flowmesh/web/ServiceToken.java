package io.flowmesh.web;

import io.flowmesh.model.InternalHeaders;
import io.flowmesh.model.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The shared secret the gateway (and services calling each other's internal endpoints) send in
 * {@link InternalHeaders#GATEWAY_TOKEN}, and the tenant header that comes with it: the checks both
 * {@code /api/**} and a service's {@code /internal/**} endpoints make before trusting a request.
 */
public final class ServiceToken {

  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private final byte[] token;

  public ServiceToken(EdgeProperties properties) {
    this.token = properties.gatewayToken().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the request carries the token (compared in constant time). */
  public boolean presentIn(HttpServletRequest request) {
    String sent = request.getHeader(InternalHeaders.GATEWAY_TOKEN);
    return sent != null && MessageDigest.isEqual(token, sent.getBytes(StandardCharsets.UTF_8));
  }

  /** The request's tenant header if it is a well-formed tenant id, else null. */
  public static String tenantOf(HttpServletRequest request) {
    String tenant = request.getHeader(InternalHeaders.TENANT);
    return isTenantId(tenant) ? tenant : null;
  }

  /** Whether the text is a well-formed tenant id: letters, digits, '_', '.', '-', at most 63. */
  public static boolean isTenantId(String text) {
    return text != null && TENANT_ID.matcher(text).matches();
  }

  /** Answers 401 with an RFC 9457 problem; the detail is a fixed text of ours, never input. */
  public static void reject(HttpServletResponse response, String detail) throws IOException {
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
