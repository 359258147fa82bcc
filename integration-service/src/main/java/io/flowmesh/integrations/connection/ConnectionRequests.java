package io.flowmesh.integrations.connection;

import tools.jackson.databind.JsonNode;

/** Request bodies of the connections API. Their toString never prints settings or secrets. */
final class ConnectionRequests {

  private ConnectionRequests() {}

  /**
   * @param type the integration type, e.g. {@code http-bearer}
   * @param name unique per tenant
   * @param enabled default true
   * @param settings non-secret settings, validated against the type's settings schema
   * @param secrets secret values, validated against the type's secret schema; encrypted at rest
   */
  record Create(String type, String name, Boolean enabled, JsonNode settings, JsonNode secrets) {
    @Override
    public String toString() {
      return "Create[type=" + type + ", name=" + name + "]";
    }
  }

  /**
   * Every field is optional; absent fields are kept. {@code settings} replaces all settings; {@code
   * secrets} replaces only the secret fields it names (a null value removes one), the others are
   * kept.
   */
  record Update(String name, Boolean enabled, JsonNode settings, JsonNode secrets) {
    @Override
    public String toString() {
      return "Update[name=" + name + ", enabled=" + enabled + "]";
    }
  }
}
