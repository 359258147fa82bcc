package io.flowmesh.gateway.firewall;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Refuses request paths that a service could resolve to a different resource than the one the
 * gateway matched. The gateway forwards the path as it came, and a servlet container normalises it:
 * {@code /api/v1/runs/../../actuator/env} matches the runs route here but reaches the service's
 * actuator there, with the gateway token attached. Rejecting dot segments, encoded slashes and
 * backslashes, path parameters ({@code ..;}), double encoding and empty segments closes that gap
 * (the same rules as Spring Security's strict firewall). Flowmesh's ids never need them. A path or
 * query string that is not percent-encoded UTF-8, and a query parameter holding the NUL character
 * (named in the answer), are refused too: behind the gateway they failed as 500s or HTML pages (ADR
 * 0053).
 */
@Component
class PathFirewallFilter implements WebFilter, Ordered {

  private static final List<String> FORBIDDEN =
      List.of(";", "\\", "//", "%2f", "%5c", "%3b", "%25", "%00");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String rawPath = exchange.getRequest().getPath().value();
    String rawQuery = exchange.getRequest().getURI().getRawQuery();
    if (!isSafe(rawPath)) {
      return refuse(
          ProblemTypes.MALFORMED_REQUEST,
          "The request path contains '.' or '..' segments, empty segments, encoded slashes,"
              + " backslashes or semicolons, which the gateway does not forward.");
    }
    if (!isUtf8(rawPath) || (rawQuery != null && !isUtf8(rawQuery))) {
      return refuse(
          ProblemTypes.MALFORMED_REQUEST,
          "The request path or query string is not percent-encoded UTF-8: a '%' must be followed"
              + " by two hex digits, and the bytes must be UTF-8.");
    }
    String nulParameter = parameterHoldingNul(exchange.getRequest().getQueryParams());
    if (nulParameter != null) {
      return refuse(
          ProblemTypes.VALIDATION,
          "Query parameter '"
              + nulParameter.replace("\0", "%00")
              + "' holds the NUL character (%00), which no Flowmesh value may contain.");
    }
    return chain.filter(exchange);
  }

  private static Mono<Void> refuse(URI type, String detail) {
    return Mono.error(
        new ErrorResponseException(
            HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, type, detail), null));
  }

  /**
   * Whether the percent-encoded text decodes to valid UTF-8. Services behind the gateway would
   * otherwise each fail in their own way on it (a servlet container's HTML page, a 500).
   */
  static boolean isUtf8(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return false;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return false;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * The first query parameter whose name or value holds NUL, or null: the services' database
   * refuses it in any text, so it never needs to travel further.
   */
  static String parameterHoldingNul(MultiValueMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (parameter.getKey().indexOf('\0') >= 0
          || parameter.getValue().stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0)) {
        return parameter.getKey();
      }
    }
    return null;
  }

  /**
   * @param rawPath the path as sent, still percent-encoded
   */
  static boolean isSafe(String rawPath) {
    String lowerCase = rawPath.toLowerCase(Locale.ROOT);
    if (FORBIDDEN.stream().anyMatch(lowerCase::contains)) {
      return false;
    }
    for (String segment : rawPath.split("/", -1)) {
      String decoded;
      try {
        decoded = UriUtils.decode(segment, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformedEncoding) {
        return false;
      }
      if (decoded.equals(".") || decoded.equals("..")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int getOrder() {
    return FilterOrder.PATH_FIREWALL;
  }
}
