package io.flowmesh.orchestrator.definition;

/** Whether a function exists in the function registry, as seen by a tenant. */
public interface FunctionCatalog {

  /**
   * @throws FunctionCatalogUnavailableException if the registry cannot be asked
   */
  boolean exists(String tenant, String slug);

  /** The function registry could not be reached. */
  class FunctionCatalogUnavailableException extends RuntimeException {
    public FunctionCatalogUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
