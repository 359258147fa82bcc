package io.flowmesh.gateway.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * What the gateway answers for a failed request.
 *
 * @param body the problem, whose status is the response status
 * @param headers extra response headers, e.g. {@code WWW-Authenticate}
 */
record ProblemResponse(ProblemDetail body, HttpHeaders headers) {

  ProblemResponse(ProblemDetail body) {
    this(body, new HttpHeaders());
  }

  int status() {
    return body.getStatus();
  }
}
