package io.flowmesh.gateway.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI 3.1 documents into the one document of the whole API, as plain JSON
 * trees (ADR 0021). Paths, tags and components are united. A component name two services define
 * alike is kept once; defined differently, each service's copy gets the service as a prefix and
 * that service's {@code $ref}s follow it. Operation ids that two services share get the same
 * treatment. A service without a document is named in the description and in {@code
 * x-flowmesh-missing-services}, never an error.
 */
final class DocumentMerger {

  static final String TITLE = "Flowmesh API";
  static final String MISSING_SERVICES = "x-flowmesh-missing-services";
  static final String API_KEY_SCHEME = "apiKey";

  /**
   * The schema every error response refers to. The services define it alike; the gateway's own
   * document only refers to it, so it is added here when no service's copy kept that name.
   */
  static final String PROBLEM_SCHEMA = "Problem";

  private static final Logger log = LoggerFactory.getLogger(DocumentMerger.class);
  private static final String COMPONENTS_REF = "#/components/";
  private static final String SECURITY_SCHEMES = "securitySchemes";
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private static final String DESCRIPTION =
      """
      Every Flowmesh service's API in one document, as the gateway serves it. Every call needs \
      an API key: press **Authorize** and enter the key (it looks like `fm_live_...`; \
      `./flowmesh run` prints a dev key), or send `Authorization: Bearer <key>`. Errors are RFC \
      9457 problems (`application/problem+json`). Each service's own document is at \
      `/v3/api-docs/<service>`.""";

  private final JsonNodeFactory nodes = JsonNodeFactory.instance;
  private final URI serverUrl;

  DocumentMerger(URI serverUrl) {
    this.serverUrl = serverUrl;
  }

  /** The whole API; the documents' order is the order of paths and tags. */
  ObjectNode merge(List<ServiceDocument> documents) {
    List<ServiceDocument> present = documents.stream().filter(d -> !d.isMissing()).toList();
    Map<String, Map<String, Map<String, String>>> componentRenames = componentRenames(present);
    Map<String, Map<String, String>> operationIdRenames = operationIdRenames(present);

    ObjectNode merged = nodes.objectNode();
    merged.put("openapi", "3.1.0");
    merged.set("info", info(documents, present));
    merged
        .putArray("servers")
        .addObject()
        .put("url", serverUrl.toString())
        .put("description", "The Flowmesh gateway");
    merged.putArray("security").addObject().putArray(API_KEY_SCHEME);
    ArrayNode tags = merged.putArray("tags");
    ObjectNode paths = merged.putObject("paths");
    ObjectNode webhooks = nodes.objectNode();
    ObjectNode components = merged.putObject("components");
    Map<String, ObjectNode> tagsByName = new LinkedHashMap<>();

    for (ServiceDocument service : present) {
      ObjectNode document = service.document().deepCopy();
      Map<String, Map<String, String>> renames =
          componentRenames.getOrDefault(service.service(), Map.of());
      rewrite(document, renames, operationIdRenames.getOrDefault(service.service(), Map.of()));
      mergePathItems(paths, document.get("paths"), service.service());
      mergePathItems(webhooks, document.get("webhooks"), service.service());
      mergeTags(tagsByName, document.get("tags"));
      mergeComponents(components, document.get("components"), renames);
    }

    tagsByName.values().forEach(tags::add);
    if (!webhooks.isEmpty()) {
      merged.set("webhooks", webhooks);
    }
    ensureProblemSchema(merged, components);
    components.putObject(SECURITY_SCHEMES).set(API_KEY_SCHEME, apiKeyScheme());
    List<ServiceDocument> missing = documents.stream().filter(ServiceDocument::isMissing).toList();
    if (!missing.isEmpty()) {
      ArrayNode list = merged.putArray(MISSING_SERVICES);
      missing.forEach(
          m -> list.addObject().put("service", m.service()).put("reason", m.missingBecause()));
    }
    return merged;
  }

  private ObjectNode info(List<ServiceDocument> documents, List<ServiceDocument> present) {
    Set<String> versions = new LinkedHashSet<>();
    present.forEach(
        d -> {
          JsonNode version = d.document().path("info").path("version");
          if (version.isString() && !version.asString().isBlank()) {
            versions.add(version.asString());
          }
        });
    String description = DESCRIPTION;
    List<String> missing =
        documents.stream()
            .filter(ServiceDocument::isMissing)
            .map(d -> "`" + d.service() + "` (" + d.missingBecause() + ")")
            .toList();
    if (!missing.isEmpty()) {
      description +=
          "\n\n**Incomplete:** the operations of "
              + String.join(", ", missing)
              + " are missing from this document just now. Reload in a few seconds.";
    }
    ObjectNode info = nodes.objectNode();
    info.put("title", TITLE);
    info.put("version", versions.isEmpty() ? "unknown" : String.join(", ", versions));
    info.put("description", description);
    return info;
  }

  /**
   * Adds a plain {@code Problem} schema when something refers to it and no service's copy kept the
   * name (all services missing, or their copies differ and were renamed).
   */
  private void ensureProblemSchema(ObjectNode merged, ObjectNode components) {
    JsonNode schemas = components.path("schemas");
    if (schemas.has(PROBLEM_SCHEMA)
        || !refersTo(merged, COMPONENTS_REF + "schemas/" + PROBLEM_SCHEMA)) {
      return;
    }
    ObjectNode problem =
        (schemas instanceof ObjectNode existing ? existing : components.putObject("schemas"))
            .putObject(PROBLEM_SCHEMA);
    problem.put("type", "object");
    problem.put(
        "description", "An RFC 9457 problem: every error of the Flowmesh API has this shape.");
    ObjectNode properties = problem.putObject("properties");
    properties.putObject("type").put("type", "string").put("format", "uri");
    properties.putObject("title").put("type", "string");
    properties.putObject("status").put("type", "integer");
    properties.putObject("detail").put("type", "string");
    properties.putObject("instance").put("type", "string");
    problem.putArray("required").add("type").add("title").add("status");
  }

  private static boolean refersTo(JsonNode node, String ref) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        if ((property.getKey().equals("$ref") && property.getValue().asString("").equals(ref))
            || refersTo(property.getValue(), ref)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (refersTo(element, ref)) {
          return true;
        }
      }
    }
    return false;
  }

  private ObjectNode apiKeyScheme() {
    return nodes
        .objectNode()
        .put("type", "http")
        .put("scheme", "bearer")
        .put("bearerFormat", "fm_...")
        .put(
            "description",
            "A Flowmesh API key, sent as `Authorization: Bearer <key>`. Keys look like"
                + " `fm_live_...` or `fm_dev_...`; each belongs to one tenant, and every call acts"
                + " for that tenant.");
  }

  /**
   * Per service, per component section, the names that must change: those that another service
   * defines differently. A definition that refers to a renamed one differs too, so this repeats
   * until nothing more changes. Security schemes are matched by name, not by {@code $ref}, so they
   * keep theirs.
   */
  private static Map<String, Map<String, Map<String, String>>> componentRenames(
      List<ServiceDocument> present) {
    // section -> name -> service -> definition
    Map<String, Map<String, Map<String, JsonNode>>> definitions = new LinkedHashMap<>();
    for (ServiceDocument service : present) {
      JsonNode components = service.document().path("components");
      for (Map.Entry<String, JsonNode> section : components.properties()) {
        if (section.getKey().equals(SECURITY_SCHEMES) || !section.getValue().isObject()) {
          continue;
        }
        for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
          definitions
              .computeIfAbsent(section.getKey(), s -> new LinkedHashMap<>())
              .computeIfAbsent(component.getKey(), n -> new LinkedHashMap<>())
              .put(service.service(), component.getValue());
        }
      }
    }
    Map<String, Map<String, Map<String, String>>> renames = new HashMap<>();
    Map<String, Set<String>> taken = new HashMap<>();
    definitions.forEach((section, byName) -> taken.put(section, new HashSet<>(byName.keySet())));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, Map<String, Map<String, JsonNode>>> section : definitions.entrySet()) {
        for (Map.Entry<String, Map<String, JsonNode>> name : section.getValue().entrySet()) {
          Map<String, JsonNode> byService = name.getValue();
          if (byService.size() < 2
              || renamed(renames, byService.keySet().iterator().next(), section.getKey(), name)) {
            continue;
          }
          Set<JsonNode> distinct = new HashSet<>();
          byService.forEach(
              (service, definition) -> {
                JsonNode copy = definition.deepCopy();
                rewrite(copy, renames.getOrDefault(service, Map.of()), Map.of());
                distinct.add(copy);
              });
          if (distinct.size() > 1) {
            for (String service : byService.keySet()) {
              renames
                  .computeIfAbsent(service, s -> new HashMap<>())
                  .computeIfAbsent(section.getKey(), s -> new HashMap<>())
                  .put(
                      name.getKey(),
                      unique(prefixed(service, name.getKey()), taken.get(section.getKey())));
            }
            changed = true;
          }
        }
      }
    }
    return renames;
  }

  private static boolean renamed(
      Map<String, Map<String, Map<String, String>>> renames,
      String service,
      String section,
      Map.Entry<String, ?> name) {
    return renames
        .getOrDefault(service, Map.of())
        .getOrDefault(section, Map.of())
        .containsKey(name.getKey());
  }

  /** Per service, the operation ids another service uses too. */
  private static Map<String, Map<String, String>> operationIdRenames(
      List<ServiceDocument> present) {
    Map<String, Set<String>> servicesById = new HashMap<>();
    for (ServiceDocument service : present) {
      for (String id : operationIds(service.document())) {
        servicesById.computeIfAbsent(id, i -> new LinkedHashSet<>()).add(service.service());
      }
    }
    Set<String> taken = new HashSet<>(servicesById.keySet());
    Map<String, Map<String, String>> renames = new HashMap<>();
    servicesById.forEach(
        (id, services) -> {
          if (services.size() > 1) {
            for (String service : services) {
              renames
                  .computeIfAbsent(service, s -> new HashMap<>())
                  .put(id, unique(camel(service) + capitalized(id), taken));
            }
          }
        });
    return renames;
  }

  private static List<String> operationIds(JsonNode document) {
    List<String> ids = new ArrayList<>();
    for (String container : List.of("paths", "webhooks")) {
      for (JsonNode item : document.path(container)) {
        for (Map.Entry<String, JsonNode> entry : item.properties()) {
          JsonNode id = entry.getValue().path("operationId");
          if (HTTP_METHODS.contains(entry.getKey()) && id.isString()) {
            ids.add(id.asString());
          }
        }
      }
    }
    return ids;
  }

  /** Points the service's {@code $ref}s, discriminator mappings and operation ids at new names. */
  private static void rewrite(
      JsonNode node, Map<String, Map<String, String>> components, Map<String, String> ids) {
    if (components.isEmpty() && ids.isEmpty()) {
      return;
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> property : object.properties()) {
        String key = property.getKey();
        JsonNode value = property.getValue();
        if (key.equals("$ref") && value.isString()) {
          object.put(key, renamedRef(value.asString(), components));
        } else if (key.equals("operationId") && value.isString()) {
          object.put(key, ids.getOrDefault(value.asString(), value.asString()));
        } else if (key.equals("mapping") && value instanceof ObjectNode mapping) {
          for (Map.Entry<String, JsonNode> target : mapping.properties()) {
            if (target.getValue().isString()) {
              mapping.put(target.getKey(), renamedRef(target.getValue().asString(), components));
            }
          }
        } else {
          rewrite(value, components, ids);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(element -> rewrite(element, components, ids));
    }
  }

  private static String renamedRef(String ref, Map<String, Map<String, String>> components) {
    if (!ref.startsWith(COMPONENTS_REF)) {
      return ref;
    }
    String[] parts = ref.substring(COMPONENTS_REF.length()).split("/", 2);
    if (parts.length != 2) {
      return ref;
    }
    String name = unescape(parts[1]);
    String renamed = components.getOrDefault(parts[0], Map.of()).get(name);
    return renamed == null ? ref : COMPONENTS_REF + parts[0] + "/" + escape(renamed);
  }

  private static void mergePathItems(ObjectNode into, JsonNode items, String service) {
    if (items == null || !items.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> item : items.properties()) {
      JsonNode existing = into.get(item.getKey());
      if (!(existing instanceof ObjectNode known)) {
        into.set(item.getKey(), item.getValue());
        continue;
      }
      for (Map.Entry<String, JsonNode> part : item.getValue().properties()) {
        if (!known.has(part.getKey())) {
          known.set(part.getKey(), part.getValue());
        } else if (HTTP_METHODS.contains(part.getKey())) {
          log.warn(
              "{} {} is documented by two services; the merged API document keeps the one"
                  + " before {}",
              part.getKey().toUpperCase(Locale.ROOT),
              item.getKey(),
              service);
        }
      }
    }
  }

  private static void mergeTags(Map<String, ObjectNode> into, JsonNode tags) {
    if (tags == null || !tags.isArray()) {
      return;
    }
    for (JsonNode tag : tags) {
      if (!(tag instanceof ObjectNode named) || !named.path("name").isString()) {
        continue;
      }
      ObjectNode known = into.putIfAbsent(named.get("name").asString(), named);
      if (known != null && !known.has("description") && named.has("description")) {
        known.set("description", named.get("description"));
      }
    }
  }

  private static void mergeComponents(
      ObjectNode into, JsonNode components, Map<String, Map<String, String>> renames) {
    if (components == null || !components.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> section : components.properties()) {
      if (!section.getValue().isObject()) {
        continue;
      }
      ObjectNode merged =
          into.has(section.getKey())
              ? (ObjectNode) into.get(section.getKey())
              : into.putObject(section.getKey());
      Map<String, String> sectionRenames = renames.getOrDefault(section.getKey(), Map.of());
      for (Map.Entry<String, JsonNode> component : section.getValue().properties()) {
        String name = sectionRenames.getOrDefault(component.getKey(), component.getKey());
        if (!merged.has(name)) {
          merged.set(name, component.getValue());
        }
      }
    }
  }

  /**
   * {@code Page} of webhook becomes {@code WebhookPage}, {@code start-run} {@code
   * webhook-start-run}.
   */
  private static String prefixed(String service, String name) {
    return Character.isUpperCase(name.charAt(0))
        ? capitalized(camel(service)) + name
        : service + "-" + name;
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = name + "_" + n;
    }
    taken.add(candidate);
    return candidate;
  }

  /** {@code function-runner} becomes {@code functionRunner}. */
  private static String camel(String service) {
    String[] words = service.split("-");
    StringBuilder camel = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      camel.append(capitalized(words[i]));
    }
    return camel.toString();
  }

  private static String capitalized(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String unescape(String pointerToken) {
    return pointerToken.replace("~1", "/").replace("~0", "~");
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
