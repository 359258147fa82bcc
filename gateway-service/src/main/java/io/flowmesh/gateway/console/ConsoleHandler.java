package io.flowmesh.gateway.console;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Answers {@code /console/**} from the console's files on the class path. A path without a file
 * extension is one of the single-page app's own routes ({@code /console/runs/run_01...}), so it
 * gets {@code index.html} and the app's router picks the page; a missing file is a 404, never the
 * page, so a broken asset link shows as what it is.
 */
final class ConsoleHandler {

  private static final String ROOT = "META-INF/resources/console/";

  /** Vite names built assets by content hash: a changed file gets a new name. */
  private static final CacheControl IMMUTABLE =
      CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

  /** index.html names the current assets, so it is checked on every load. */
  private static final CacheControl REVALIDATE = CacheControl.noCache();

  private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  Mono<ServerResponse> serve(ServerRequest request) {
    String path = request.path().substring("/console".length());
    String file = path.startsWith("/") ? path.substring(1) : path;
    if (file.isEmpty() || !lastSegment(file).contains(".")) {
      return respond(new ClassPathResource(ROOT + "index.html"), REVALIDATE);
    }
    // The gateway's path firewall refuses dot segments already; this keeps the lookup inside the
    // console's folder whatever reaches it.
    if (!SAFE_FILE.matcher(file).matches() || file.contains("..")) {
      return notFound();
    }
    Resource resource = new ClassPathResource(ROOT + file);
    if (!resource.isReadable()) {
      return notFound();
    }
    return respond(resource, file.startsWith("assets/") ? IMMUTABLE : REVALIDATE);
  }

  private static Mono<ServerResponse> respond(Resource resource, CacheControl cache) {
    if (!resource.isReadable()) {
      return notFound();
    }
    MediaType type =
        MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
    return ServerResponse.ok()
        .contentType(type)
        .cacheControl(cache)
        .headers(ConsoleSecurityHeaders::apply)
        .body(BodyInserters.fromResource(resource));
  }

  private static Mono<ServerResponse> notFound() {
    return ServerResponse.status(HttpStatus.NOT_FOUND)
        .cacheControl(CacheControl.noStore())
        .headers(ConsoleSecurityHeaders::apply)
        .build();
  }

  private static String lastSegment(String file) {
    return file.substring(file.lastIndexOf('/') + 1);
  }
}
