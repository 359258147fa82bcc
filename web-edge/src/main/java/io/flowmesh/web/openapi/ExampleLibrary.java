package io.flowmesh.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the service's request and response examples, one file each in {@code
 * openapi/examples/NAME.json} on the class path, as {@code #/components/examples/NAME}. A
 * controller refers to one with {@code @ExampleObject(name = "...", ref = "NAME")}, which keeps
 * long JSON out of the code. A file may also name the operations it illustrates in {@code
 * "x-attach-to": ["POST /api/v1/workflow-definitions request", "POST /api/v1/... 201"]}, for a
 * controller that carries no annotations.
 *
 * <p>Each file is an OpenAPI Example Object: {@code summary}, optional {@code description}, and the
 * {@code value} as the API takes or answers it.
 */
class ExampleLibrary implements OpenApiCustomizer {

  static final String LOCATION = "classpath*:openapi/examples/*.json";

  private static final Logger log = LoggerFactory.getLogger(ExampleLibrary.class);
  private static final String ATTACH_TO = "x-attach-to";
  private static final String REQUEST = "request";

  private record Attachment(
      String exampleName, PathItem.HttpMethod method, String path, String in) {}

  private final Map<String, Example> examples = new LinkedHashMap<>();
  private final List<Attachment> attachments = new ArrayList<>();

  ExampleLibrary(ResourcePatternResolver resources) {
    JsonMapper json = JsonMapper.builder().build();
    try {
      for (Resource resource : resources.getResources(LOCATION)) {
        String name = resource.getFilename().replaceFirst("\\.json$", "");
        try (InputStream in = resource.getInputStream()) {
          load(name, json.readValue(in, LinkedHashMap.class));
        } catch (JacksonException e) {
          throw new IllegalArgumentException(
              "openapi/examples/" + name + ".json is not valid JSON: " + e.getOriginalMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the OpenAPI examples", e);
    }
  }

  private void load(String name, Map<?, ?> file) {
    examples.put(
        name,
        new Example()
            .summary((String) file.get("summary"))
            .description((String) file.get("description"))
            .value(file.get("value")));
    if (file.get(ATTACH_TO) instanceof List<?> targets) {
      for (Object target : targets) {
        String[] parts = String.valueOf(target).trim().split("\\s+");
        if (parts.length != 3 || !(parts[2].equals(REQUEST) || parts[2].matches("\\d{3}"))) {
          throw new IllegalArgumentException(
              "openapi/examples/"
                  + name
                  + ".json: "
                  + ATTACH_TO
                  + " entries read 'METHOD /path request' or 'METHOD /path STATUS', not '"
                  + target
                  + "'");
        }
        attachments.add(
            new Attachment(
                name,
                PathItem.HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT)),
                parts[1],
                parts[2]));
      }
    }
  }

  @Override
  public void customise(OpenAPI api) {
    if (examples.isEmpty()) {
      return;
    }
    if (api.getComponents() == null) {
      api.components(new Components());
    }
    examples.forEach(api.getComponents()::addExamples);
    for (Attachment attachment : attachments) {
      PathItem item = api.getPaths() == null ? null : api.getPaths().get(attachment.path());
      Operation operation = item == null ? null : item.readOperationsMap().get(attachment.method());
      if (operation == null) {
        log.warn(
            "OpenAPI example '{}' names {} {}, which this service does not have",
            attachment.exampleName(),
            attachment.method(),
            attachment.path());
        continue;
      }
      attach(operation, attachment);
    }
  }

  private static void attach(Operation operation, Attachment attachment) {
    Content content;
    if (attachment.in().equals(REQUEST)) {
      content = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent();
    } else {
      content = responseContent(operation, attachment.in());
    }
    MediaType media = preferredMediaType(content);
    if (media == null) {
      log.warn(
          "OpenAPI example '{}': {} {} has no {} body to show it on",
          attachment.exampleName(),
          attachment.method(),
          attachment.path(),
          attachment.in());
      return;
    }
    media.addExamples(attachment.exampleName(), new Example().$ref(attachment.exampleName()));
  }

  /**
   * The response's content. springdoc documents a {@code ResponseEntity} as {@code 200} whatever it
   * really answers; the example file states the real status, so a lone {@code 200} moves there.
   */
  private static Content responseContent(Operation operation, String status) {
    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      return null;
    }
    if (!responses.containsKey(status)
        && status.startsWith("2")
        && responses.containsKey("200")
        && responses.keySet().stream().filter(code -> code.startsWith("2")).count() == 1) {
      ApiResponse success = responses.remove("200");
      if (success.getDescription() == null || success.getDescription().equals("OK")) {
        HttpStatus real = HttpStatus.resolve(Integer.parseInt(status));
        success.description(real == null ? status : real.getReasonPhrase());
      }
      responses.addApiResponse(status, success);
      ProblemResponses.sortByStatus(operation);
      responses = operation.getResponses();
    }
    ApiResponse response = responses.get(status);
    return response == null ? null : response.getContent();
  }

  private static MediaType preferredMediaType(Content content) {
    if (content == null || content.isEmpty()) {
      return null;
    }
    for (String type :
        List.of(
            org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
            ProblemResponses.PROBLEM_JSON)) {
      if (content.containsKey(type)) {
        return content.get(type);
      }
    }
    return content.values().iterator().next();
  }
}
