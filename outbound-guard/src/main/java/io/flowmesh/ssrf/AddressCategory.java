package io.flowmesh.ssrf;

/** Why an address is not a public unicast address a webhook may target. */
public enum AddressCategory {
  LOOPBACK("a loopback address"),
  PRIVATE("a private network address"),
  LINK_LOCAL("a link-local address"),
  UNIQUE_LOCAL("a unique-local IPv6 address"),
  METADATA("a cloud metadata service address"),
  MULTICAST("a multicast address"),
  UNSPECIFIED("the unspecified address"),
  RESERVED("a reserved or non-routable address");

  private final String description;

  AddressCategory(String description) {
    this.description = description;
  }

  /** Human-readable, e.g. "a link-local address". */
  public String description() {
    return description;
  }
}
