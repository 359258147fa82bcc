package io.flowmesh.tenantdata;

import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A tenant already stores as many things of a kind as its quota allows: 409, since the request
 * conflicts with what the tenant stores now and succeeds once something is deleted or the quota
 * raised, not by waiting (which a 429 would suggest).
 */
public final class QuotaExceededException extends ErrorResponseException {

  QuotaExceededException(String kind, String noun, long limit) {
    super(HttpStatus.CONFLICT, problem(kind, noun, limit), null);
  }

  private static ProblemDetail problem(String kind, String noun, long limit) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT,
            "The tenant already has "
                + limit
                + " "
                + noun
                + ", the most its quota allows (flowmesh.quotas: "
                + kind
                + "). Delete one first, or ask an operator to raise the quota.");
    problem.setType(ProblemTypes.QUOTA_EXCEEDED);
    problem.setTitle("Quota exceeded");
    problem.setProperty("quota", kind);
    problem.setProperty("limit", limit);
    return problem;
  }
}
