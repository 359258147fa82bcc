package io.flowmesh.functions.pack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packs this instance loaded at start: the shipped ones ({@code function-packs/packs/} on the
 * classpath), then the operator's directory, whose pack replaces a shipped one of the same file
 * name. A pack that cannot be loaded is refused alone, logged and counted; the others load and the
 * service starts.
 */
@Component
public class FunctionPacks {

  static final String SHIPPED = "classpath*:function-packs/packs/*";

  private static final Logger log = LoggerFactory.getLogger(FunctionPacks.class);

  private final Map<String, PackedFunction> functions = new LinkedHashMap<>();
  private final List<String> loaded = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();

  FunctionPacks(PackProperties properties, JsonMapper json) {
    PackReader reader = new PackReader(json, properties.baseUrls());
    Map<String, byte[]> files = new LinkedHashMap<>(shipped());
    if (properties.directory() != null) {
      files.putAll(directory(properties.directory()));
    }
    files.forEach((file, content) -> load(reader, file, content));
  }

  /** The function of this slug, if a loaded pack declares it. */
  Optional<PackedFunction> function(String slug) {
    return Optional.ofNullable(functions.get(slug));
  }

  /** Every loaded function, in file order. */
  public Collection<PackedFunction> functions() {
    return functions.values();
  }

  /** The files loaded. */
  public List<String> loaded() {
    return List.copyOf(loaded);
  }

  /** Why packs were refused, one message each naming file, function and field. */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  private void load(PackReader reader, String file, byte[] content) {
    try {
      List<PackedFunction> pack = reader.read(file, content);
      for (PackedFunction function : pack) {
        PackedFunction other = functions.get(function.slug());
        if (other != null) {
          throw new PackRefusedException(
              file, function.slug(), "slug", "is declared by pack " + other.file() + " too");
        }
      }
      pack.forEach(function -> functions.put(function.slug(), function));
      loaded.add(file);
      log.info("Loaded function pack {} with {} functions", file, pack.size());
    } catch (PackRefusedException e) {
      refusals.add(e.getMessage());
      log.error("Refused {}; the other packs are loaded", e.getMessage());
    }
  }

  private static Map<String, byte[]> shipped() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      Resource[] resources = new PathMatchingResourcePatternResolver().getResources(SHIPPED);
      Stream.of(resources)
          .filter(resource -> isPackFile(resource.getFilename()))
          .sorted(Comparator.comparing(Resource::getFilename))
          .forEach(resource -> files.put(resource.getFilename(), bytes(resource)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /**
   * The directory's pack files. A mounted ConfigMap lists each key as a link into a hidden,
   * timestamped directory; {@link Files#isRegularFile} follows the link.
   */
  private Map<String, byte[]> directory(Path directory) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (!Files.isDirectory(directory)) {
      refusals.add("function pack directory " + directory + " does not exist");
      log.error("Function pack directory {} does not exist; only shipped packs load", directory);
      return files;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      entries
          .filter(path -> isPackFile(path.getFileName().toString()) && Files.isRegularFile(path))
          .sorted()
          .forEach(path -> files.put(path.getFileName().toString(), bytes(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static boolean isPackFile(String name) {
    return name != null
        && !name.startsWith(".")
        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  private static byte[] bytes(Resource resource) {
    try {
      return resource.getContentAsByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
