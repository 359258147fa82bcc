package io.flowmesh.events.hook;

/**
 * How a hook checks that a request comes from its provider; the secret is kept apart and never
 * shown.
 *
 * @param scheme {@code standard-webhooks}, {@code github}, {@code stripe}, {@code slack}, {@code
 *     hmac}, {@code basic} or {@code bearer}
 * @param header hmac: the request header that carries the signature; else null
 * @param encoding hmac: {@code hex} or {@code base64}; else null
 * @param prefix hmac: text before the signature in the header (e.g. {@code sha256=}), may be empty;
 *     else null
 * @param username basic: the user name; else null
 * @param toleranceSeconds stripe: how far the signed timestamp may be from now (default 300); else
 *     null
 */
public record Verification(
    String scheme,
    String header,
    String encoding,
    String prefix,
    String username,
    Integer toleranceSeconds) {}
