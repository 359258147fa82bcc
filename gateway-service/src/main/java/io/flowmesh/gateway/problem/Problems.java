package io.flowmesh.gateway.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problems the gateway answers with. */
public final class Problems {

  private Problems() {}

  /**
   * A problem with a stable {@code type} from {@link io.flowmesh.model.ProblemTypes} and the
   * status's reason phrase as its title.
   */
  public static ProblemDetail of(HttpStatus status, URI type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(status.getReasonPhrase());
    return problem;
  }
}
