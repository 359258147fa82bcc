package io.flowmesh.functions.connection;

import java.util.Map;

/**
 * A connection's resolved credentials. {@link #toString()} leaves the secrets out.
 *
 * @param connectionId the connection
 * @param type e.g. {@code http-bearer}, {@code smtp}, {@code slack-webhook}
 * @param settings non-secret settings (e.g. SMTP host, port, from, tls)
 * @param secrets decrypted secret fields (e.g. username, password, webhookUrl)
 * @param httpHeaders ready-made auth headers of the HTTP auth types
 */
public record Connection(
    String connectionId,
    String type,
    Map<String, Object> settings,
    Map<String, String> secrets,
    Map<String, String> httpHeaders) {

  public Connection {
    settings = settings == null ? Map.of() : Map.copyOf(settings);
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    httpHeaders = httpHeaders == null ? Map.of() : Map.copyOf(httpHeaders);
  }

  /** A setting as text, or null. */
  public String setting(String name) {
    Object value = settings.get(name);
    return value == null ? null : value.toString();
  }

  @Override
  public String toString() {
    return "Connection[" + connectionId + ", type=" + type + ", secrets=" + secrets.keySet() + "]";
  }
}
