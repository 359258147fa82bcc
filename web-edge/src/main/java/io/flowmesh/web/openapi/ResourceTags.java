package io.flowmesh.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Groups operations by resource, in the order and with the descriptions of {@code
 * flowmesh.openapi.tags}. An operation whose controller names no {@code @Tag} (springdoc would file
 * it under the class name, e.g. {@code definition-controller}) gets the configured tag whose paths
 * match, so a controller added later lands under its resource without anyone editing it.
 */
class ResourceTags implements OpenApiCustomizer {

  /** springdoc's tag for a controller without {@code @Tag}: its class name, hyphenated. */
  private static final String CLASS_NAME_TAG_SUFFIX = "-controller";

  private record Matcher(OpenApiProperties.ResourceTag tag, List<PathPattern> patterns) {
    boolean matches(String path) {
      PathContainer container = PathContainer.parsePath(path);
      return patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }
  }

  private final List<OpenApiProperties.ResourceTag> configured;
  private final List<Matcher> matchers;

  ResourceTags(OpenApiProperties properties) {
    this.configured = properties.tags();
    this.matchers =
        configured.stream()
            .map(
                tag ->
                    new Matcher(
                        tag,
                        tag.paths().stream()
                            .map(PathPatternParser.defaultInstance::parse)
                            .toList()))
            .toList();
  }

  @Override
  public void customise(OpenAPI api) {
    Set<String> used = new LinkedHashSet<>();
    if (api.getPaths() != null) {
      api.getPaths()
          .forEach(
              (path, item) ->
                  item.readOperations()
                      .forEach(
                          operation -> {
                            retag(path, operation);
                            if (operation.getTags() != null) {
                              used.addAll(operation.getTags());
                            }
                          }));
    }
    api.setTags(tagsInOrder(api.getTags(), used));
  }

  private void retag(String path, Operation operation) {
    List<String> tags = operation.getTags();
    boolean untagged =
        tags == null
            || tags.isEmpty()
            || tags.stream().allMatch(tag -> tag.endsWith(CLASS_NAME_TAG_SUFFIX));
    if (!untagged) {
      return;
    }
    matchers.stream()
        .filter(matcher -> matcher.matches(path))
        .findFirst()
        .ifPresent(matcher -> operation.setTags(new ArrayList<>(List.of(matcher.tag().name()))));
  }

  /** The configured tags first, then any other tag in use; a tag no operation uses is dropped. */
  private List<Tag> tagsInOrder(List<Tag> declared, Set<String> used) {
    Map<String, Tag> tags = new LinkedHashMap<>();
    for (OpenApiProperties.ResourceTag tag : configured) {
      if (used.contains(tag.name())) {
        String description =
            tag.description() != null
                ? tag.description()
                : describedIn(declared, tag.name()).orElse(null);
        tags.put(tag.name(), new Tag().name(tag.name()).description(description));
      }
    }
    for (String name : used) {
      tags.computeIfAbsent(
          name,
          unconfigured ->
              new Tag()
                  .name(unconfigured)
                  .description(describedIn(declared, unconfigured).orElse(null)));
    }
    return new ArrayList<>(tags.values());
  }

  private static Optional<String> describedIn(List<Tag> declared, String name) {
    if (declared == null) {
      return Optional.empty();
    }
    return declared.stream()
        .filter(tag -> name.equals(tag.getName()) && tag.getDescription() != null)
        .map(Tag::getDescription)
        .findFirst();
  }
}
