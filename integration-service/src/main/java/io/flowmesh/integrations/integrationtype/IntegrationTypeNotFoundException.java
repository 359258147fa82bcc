package io.flowmesh.integrations.integrationtype;

/** No integration type of that name is visible to the tenant. */
public class IntegrationTypeNotFoundException extends RuntimeException {

  public IntegrationTypeNotFoundException(String type) {
    super("No integration type '" + type + "' is available to this tenant.");
  }
}
