package io.flowmesh.model;

import java.net.URI;

/** Stable RFC 9457 problem {@code type} URIs shared by the gateway and every service. */
public final class ProblemTypes {

  private static final String BASE = "https://flowmesh.io/problems/";

  /** The request body or parameters failed validation; see the {@code errors} member. */
  public static final URI VALIDATION = URI.create(BASE + "validation-error");

  /** The body is not well-formed JSON or has a wrong type. */
  public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

  /** No such resource for the caller's tenant. */
  public static final URI NOT_FOUND = URI.create(BASE + "not-found");

  /** The resource's state does not allow the operation. */
  public static final URI CONFLICT = URI.create(BASE + "conflict");

  /** Missing or invalid credentials. */
  public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");

  /** The API key lacks the scope the operation needs; the {@code missingScope} member names it. */
  public static final URI INSUFFICIENT_SCOPE = URI.create(BASE + "insufficient-scope");

  /** The caller's tenant is suspended; none of its keys is accepted until it is resumed. */
  public static final URI TENANT_SUSPENDED = URI.create(BASE + "tenant-suspended");

  /** The request body exceeds the configured limit. */
  public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");

  /** The request's path and query are longer than the gateway accepts. */
  public static final URI URI_TOO_LONG = URI.create(BASE + "uri-too-long");

  /** The request's content type or method is not supported by the resource. */
  public static final URI UNSUPPORTED = URI.create(BASE + "unsupported-request");

  /** The caller sent too many requests. */
  public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");

  /** A tenant already stores as many things of a kind as its quota allows. */
  public static final URI QUOTA_EXCEEDED = URI.create(BASE + "quota-exceeded");

  /** An unexpected server error; the detail never contains internals. */
  public static final URI INTERNAL = URI.create(BASE + "internal-error");

  /** A downstream service is unavailable. */
  public static final URI UNAVAILABLE = URI.create(BASE + "service-unavailable");

  /** An {@code If-Match} precondition was missing or no longer matches the resource. */
  public static final URI PRECONDITION_FAILED = URI.create(BASE + "precondition-failed");

  private ProblemTypes() {}
}
