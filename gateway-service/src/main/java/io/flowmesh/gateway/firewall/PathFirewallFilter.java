package io.flowmesh.gateway.firewall;

import io.flowmesh.gateway.FilterOrder;
import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
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
 * (the same rules as Spring Security's strict firewall). Flowmesh's ids never need them. A query
 * parameter holding the NUL character is refused too, naming the parameter.
 */
@Component
class PathFirewallFilter implements WebFilter, Ordered {

  private static final List<String> FORBIDDEN =
      List.of(";", "\\", "//", "%2f", "%5c", "%3b", "%25", "%00");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!isSafe(exchange.getRequest().getPath().value())) {
      return Mono.error(
          new ErrorResponseException(
              HttpStatus.BAD_REQUEST,
              Problems.of(
                  HttpStatus.BAD_REQUEST,
                  ProblemTypes.MALFORMED_REQUEST,
                  "The request path contains '.' or '..' segments, empty segments, encoded"
                      + " slashes, backslashes or semicolons, which the gateway does not forward."),
              null));
    }
    String nulParameter = parameterHoldingNul(exchange.getRequest().getQueryParams());
    if (nulParameter != null) {
      return Mono.error(
          new ErrorResponseException(
              HttpStatus.BAD_REQUEST,
              Problems.of(
                  HttpStatus.BAD_REQUEST,
                  ProblemTypes.VALIDATION,
                  "Query parameter '"
                      + nulParameter.replace("\0", "%00")
                      + "' holds the NUL character (%00), which no Flowmesh value may contain."),
              null));
    }
    return chain.filter(exchange);
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
