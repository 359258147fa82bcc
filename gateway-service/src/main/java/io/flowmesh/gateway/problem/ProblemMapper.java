package io.flowmesh.gateway.problem;

import io.flowmesh.model.ProblemTypes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * Decides which problem answers an exception. Problems the gateway raised on purpose (they carry a
 * Flowmesh {@code type}) pass through; everything else gets a fixed, generic detail so that no
 * exception message, host name or stack trace reaches a client.
 */
final class ProblemMapper {

  private static final URI BLANK = URI.create("about:blank");

  private static final Map<HttpStatus, URI> TYPES_BY_STATUS =
      Map.of(
          HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
          HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
          HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND,
          HttpStatus.METHOD_NOT_ALLOWED, ProblemTypes.UNSUPPORTED,
          HttpStatus.NOT_ACCEPTABLE, ProblemTypes.UNSUPPORTED,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED,
          HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
          HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED);

  private static final Map<HttpStatus, String> DETAILS_BY_STATUS =
      Map.of(
          HttpStatus.BAD_REQUEST, "The request is malformed.",
          HttpStatus.NOT_FOUND, "No resource exists at this path.",
          HttpStatus.METHOD_NOT_ALLOWED, "This method is not supported for this resource.",
          HttpStatus.NOT_ACCEPTABLE, "None of the accepted media types can be produced.",
          HttpStatus.UNSUPPORTED_MEDIA_TYPE, "This content type is not supported.");

  /** When a client should try again after an outage of a service or of the gateway's database. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /** Walks at most this many causes, in case of a cycle. */
  private static final int MAX_CAUSE_DEPTH = 16;

  ProblemResponse map(Throwable ex) {
    Optional<ErrorResponse> intended = intendedProblem(ex);
    if (intended.isPresent()) {
      HttpHeaders headers = new HttpHeaders();
      headers.addAll(intended.get().getHeaders());
      return new ProblemResponse(intended.get().getBody(), headers);
    }
    if (hasCause(ex, DataBufferLimitException.class)) {
      // The gateway's own endpoints read bodies into memory up to the codecs' limit.
      return new ProblemResponse(
          Problems.of(
              HttpStatus.CONTENT_TOO_LARGE,
              ProblemTypes.PAYLOAD_TOO_LARGE,
              "The request body is larger than this endpoint accepts."));
    }
    if (hasCause(ex, DataAccessException.class) || hasCause(ex, SQLException.class)) {
      // The gateway's own database (issued keys, tenants, rate limits): never its message.
      return unavailable(
          HttpStatus.SERVICE_UNAVAILABLE,
          "The gateway cannot check this request just now. Try again later.");
    }
    if (hasCause(ex, ConnectException.class) || hasCause(ex, UnknownHostException.class)) {
      return unavailable(
          HttpStatus.SERVICE_UNAVAILABLE,
          "The service that handles this request is unavailable. Try again later.");
    }
    if (ex instanceof ErrorResponse response) {
      return fromStatus(response);
    }
    if (hasCause(ex, IOException.class)) {
      return unavailable(
          HttpStatus.BAD_GATEWAY, "The service that handles this request failed to answer.");
    }
    return internalError();
  }

  /** A problem the gateway raised itself, possibly wrapped by the HTTP client on the way out. */
  private static Optional<ErrorResponse> intendedProblem(Throwable ex) {
    Throwable current = ex;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (current instanceof ErrorResponse response && hasOwnType(response.getBody())) {
        return Optional.of(response);
      }
      current = current.getCause();
    }
    return Optional.empty();
  }

  /** Spring's own exceptions leave the type unset or {@code about:blank}. */
  private static boolean hasOwnType(ProblemDetail problem) {
    return problem.getType() != null && !BLANK.equals(problem.getType());
  }

  private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
    Throwable current = ex;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (type.isInstance(current)) {
        return true;
      }
      current = current.getCause();
    }
    return false;
  }

  private static ProblemResponse fromStatus(ErrorResponse response) {
    HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
    if (status == null) {
      return internalError();
    }
    if (status == HttpStatus.GATEWAY_TIMEOUT) {
      return unavailable(status, "The service that handles this request did not answer in time.");
    }
    if (status == HttpStatus.SERVICE_UNAVAILABLE || status == HttpStatus.BAD_GATEWAY) {
      return unavailable(status, "The service that handles this request is unavailable.");
    }
    if (status.is5xxServerError()) {
      return internalError();
    }
    ProblemDetail problem =
        Problems.of(
            status,
            TYPES_BY_STATUS.getOrDefault(status, BLANK),
            DETAILS_BY_STATUS.getOrDefault(status, status.getReasonPhrase() + "."));
    // Keep only headers that tell the client how to retry, e.g. Allow on 405.
    HttpHeaders headers = new HttpHeaders();
    headers.addAll(response.getHeaders());
    return new ProblemResponse(problem, headers);
  }

  /** A 503 says when to try again; a 502 or 504 is about one request, not an outage. */
  private static ProblemResponse unavailable(HttpStatus status, String detail) {
    HttpHeaders headers = new HttpHeaders();
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER.toSeconds()));
    }
    return new ProblemResponse(Problems.of(status, ProblemTypes.UNAVAILABLE, detail), headers);
  }

  private static ProblemResponse internalError() {
    return new ProblemResponse(
        Problems.of(
            HttpStatus.INTERNAL_SERVER_ERROR,
            ProblemTypes.INTERNAL,
            "An unexpected error occurred. Quote the X-Request-Id response header when reporting"
                + " it."));
  }
}
