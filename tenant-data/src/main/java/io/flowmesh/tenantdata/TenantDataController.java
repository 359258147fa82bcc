package io.flowmesh.tenantdata;

import io.flowmesh.model.ProblemTypes;
import io.flowmesh.model.TenantId;
import io.flowmesh.web.EdgeProperties;
import io.flowmesh.web.ServiceToken;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /internal/v1/tenants/{tenant}/data}: the gateway's tenant deletion calls it on
 * every service. Never routed by the gateway; it needs the service token. Deleting a tenant that
 * has no data is not an error: the call can be repeated until every service has answered.
 */
@Hidden
@RestController
class TenantDataController {

  /**
   * What a purge deleted.
   *
   * @param tenant the tenant
   * @param deleted rows deleted per table
   */
  record Purged(String tenant, Map<String, Integer> deleted) {}

  private final TenantDataPurge purge;
  private final ServiceToken serviceToken;

  TenantDataController(TenantDataPurge purge, EdgeProperties properties) {
    this.purge = purge;
    this.serviceToken = new ServiceToken(properties);
  }

  @DeleteMapping("/internal/v1/tenants/{tenant}/data")
  ResponseEntity<?> purge(
      @PathVariable String tenant, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!serviceToken.presentIn(request)) {
      ServiceToken.reject(response, "Internal endpoints need the service token.");
      return null;
    }
    if (!ServiceToken.isTenantId(tenant)) {
      ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
      problem.setType(ProblemTypes.VALIDATION);
      problem.setDetail(
          "tenant: not a tenant id (letters, digits, '_', '.', '-', at most 63 characters)");
      return ResponseEntity.badRequest().body(problem);
    }
    return ResponseEntity.ok(new Purged(tenant, purge.purge(TenantId.of(tenant))));
  }
}
