package io.flowmesh.functions.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One integration's credentials of a run: what the run was started with under that name ({@code
 * "integrations": {"openai": {"apiKey": ...}}}), for the run's functions only. {@link #toString()}
 * leaves the secrets out.
 *
 * @param integration the integration name, e.g. {@code openai}
 * @param secrets the credential fields as given at the start
 * @param httpHeaders the headers they stand for: {@code token} or {@code apiKey} as {@code
 *     Authorization: Bearer}, {@code headers} as given (docs/integrations.md)
 */
public record RunCredential(
    String integration, Map<String, Object> secrets, Map<String, String> httpHeaders) {

  public RunCredential {
    // JSON nulls are values here, which Map.copyOf refuses
    secrets =
        secrets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    httpHeaders = httpHeaders == null ? Map.of() : Map.copyOf(httpHeaders);
  }

  @Override
  public String toString() {
    return "RunCredential[" + integration + ", secrets=" + secrets.keySet() + "]";
  }
}
