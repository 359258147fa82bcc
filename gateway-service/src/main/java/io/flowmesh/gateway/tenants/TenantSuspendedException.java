package io.flowmesh.gateway.tenants;

import io.flowmesh.gateway.problem.Problems;
import io.flowmesh.model.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The caller's tenant is suspended: 403 for every key of it, until it is resumed. */
final class TenantSuspendedException extends ErrorResponseException {

  TenantSuspendedException(String tenant) {
    super(
        HttpStatus.FORBIDDEN,
        Problems.of(
            HttpStatus.FORBIDDEN,
            ProblemTypes.TENANT_SUSPENDED,
            "The tenant '"
                + tenant
                + "' is suspended or deleted; none of its API keys is accepted (a suspended"
                + " tenant's again once a platform administrator resumes it)."),
        null);
  }
}
