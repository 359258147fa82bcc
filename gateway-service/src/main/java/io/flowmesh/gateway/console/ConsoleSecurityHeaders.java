package io.flowmesh.gateway.console;

import org.springframework.http.HttpHeaders;

/**
 * The console's response headers. The Content-Security-Policy allows only the gateway's own origin
 * and no inline script or style, so text from the API (run outputs, task titles) that ever slipped
 * into markup could not run; the console builds its DOM without innerHTML for the same reason.
 * Frames are refused so the console cannot be overlaid by another site.
 */
final class ConsoleSecurityHeaders {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private ConsoleSecurityHeaders() {}

  static void apply(HttpHeaders headers) {
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
  }
}
