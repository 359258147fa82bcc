package io.flowmesh.functions.registry;

/** No function of that slug is visible to the tenant. */
public class FunctionNotFoundException extends RuntimeException {

  public FunctionNotFoundException(String slug) {
    super("No function '" + slug + "' is registered for this tenant.");
  }
}
