package io.flowmesh.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the gateway is and which key to use: a flag, else the environment ({@code FLOWMESH_URL},
 * {@code FLOWMESH_API_KEY}), else the profile file ({@code ~/.flowmesh/config}, or {@code
 * FLOWMESH_CONFIG}), a Java properties file:
 *
 * <pre>
 * url=http://127.0.0.1:8080
 * api-key=fm_dev_...
 * staging.url=https://flowmesh.staging.example.com
 * staging.api-key=fm_live_...
 * </pre>
 *
 * Keys without a prefix are the default profile; {@code --profile staging} (or {@code
 * FLOWMESH_PROFILE}) reads the {@code staging.} ones.
 */
record Settings(String url, String apiKey) {

  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  static Settings resolve(
      String urlFlag, String keyFlag, String profileFlag, Map<String, String> env, Path home) {
    String profile = first(profileFlag, env.get("FLOWMESH_PROFILE"));
    Properties file = profileFile(env, home);
    String prefix = profile == null ? "" : profile + ".";
    String url =
        first(urlFlag, env.get("FLOWMESH_URL"), file.getProperty(prefix + "url"), DEFAULT_URL);
    String key = first(keyFlag, env.get("FLOWMESH_API_KEY"), file.getProperty(prefix + "api-key"));
    return new Settings(url, key);
  }

  private static Properties profileFile(Map<String, String> env, Path home) {
    Path path =
        env.containsKey("FLOWMESH_CONFIG")
            ? Path.of(env.get("FLOWMESH_CONFIG"))
            : home.resolve(".flowmesh").resolve("config");
    Properties properties = new Properties();
    if (Files.isRegularFile(path)) {
      try (Reader reader = Files.newBufferedReader(path)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UsageException("cannot read " + path + ": " + e.getMessage());
      }
    }
    return properties;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
