package io.flowmesh.web.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a service's OpenAPI document says about itself.
 *
 * @param title the document's title, e.g. {@code Flowmesh orchestrator API}
 * @param description what the service's API is for, in a sentence or two (Markdown)
 * @param version the API version; default: the Flowmesh release this service was built from
 * @param serverUrl the gateway's public URL, the only address that accepts API calls; default
 *     {@code /}, so Swagger UI's "Try it out" calls the host that served the UI (the gateway)
 * @param tags the service's resources in the order the document lists them; an operation without an
 *     {@code @Tag} of its own gets the tag whose {@code paths} match its path
 */
@ConfigurationProperties("flowmesh.openapi")
record OpenApiProperties(
    String title, String description, String version, URI serverUrl, List<ResourceTag> tags) {

  OpenApiProperties {
    title = title == null || title.isBlank() ? "Flowmesh API" : title;
    version = version == null || version.isBlank() ? releaseVersion() : version;
    serverUrl = serverUrl == null || serverUrl.toString().isBlank() ? URI.create("/") : serverUrl;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /**
   * One resource of the API.
   *
   * @param name the tag, e.g. {@code Runs}
   * @param description what the resource is and where its documentation is
   * @param paths path patterns ({@code /api/v1/runs/**}) of operations that carry no tag of their
   *     own and belong to this one
   */
  record ResourceTag(String name, String description, List<String> paths) {

    ResourceTag {
      paths = paths == null ? List.of() : List.copyOf(paths);
    }
  }

  private static String releaseVersion() {
    Properties release = new Properties();
    try (InputStream in = OpenApiProperties.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        release.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return release.getProperty("version", "unknown");
  }
}
