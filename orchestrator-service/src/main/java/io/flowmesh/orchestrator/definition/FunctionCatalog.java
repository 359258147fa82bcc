package io.flowmesh.orchestrator.definition;

import io.flowmesh.model.TenantId;

/** Whether a function exists in the function registry, as seen by a tenant. */
public interface FunctionCatalog {

  /**
   * @throws FunctionCatalogUnavailableException if the registry cannot be asked
   */
  boolean exists(TenantId tenant, String slug);

  /** The function registry could not be reached. */
  class FunctionCatalogUnavailableException extends RuntimeException {
    public FunctionCatalogUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
