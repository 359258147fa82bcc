package io.flowmesh.gateway.tenants;

import java.util.regex.Pattern;

/** What a tenant may be called, wherever a tenant id enters the gateway. */
public final class TenantIds {

  /** The same ids the services accept in the tenant header (web-edge). */
  private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private TenantIds() {}

  /** Whether {@code id} is 1 to 63 letters, digits, '.', '_' or '-', starting with neither. */
  public static boolean isValid(String id) {
    return id != null && TENANT_ID.matcher(id).matches();
  }
}
