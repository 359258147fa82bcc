package io.flowmesh.gateway.problem;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers every error the gateway itself produces (authentication, size limit, no route, a service
 * down or slow, a bug) with an RFC 9457 problem. Ordered before Spring Boot's default handler,
 * whose JSON is not a problem and may echo exception messages.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private final ProblemMapper mapper = new ProblemMapper();
  private final ServerResponse.Context context;

  ProblemExceptionHandler(ServerCodecConfigurer codecs) {
    this.context = new WritersOnlyContext(codecs.getWriters());
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      // Part of an answer is already on the wire; nothing useful can replace it.
      return Mono.error(ex);
    }
    ProblemResponse problem = mapper.map(ex);
    logFailure(exchange.getRequest(), problem, ex);
    // Drop headers copied from a half-received downstream answer; the request id is set again
    // when the response commits.
    response.getHeaders().clear();
    return ServerResponse.status(problem.status())
        .headers(headers -> headers.addAll(problem.headers()))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(problem.body())
        .flatMap(answer -> answer.writeTo(exchange, context));
  }

  private static void logFailure(ServerHttpRequest request, ProblemResponse problem, Throwable ex) {
    if (problem.status() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
      log.error("Unexpected failure on {} {}", request.getMethod(), request.getPath(), ex);
    } else if (problem.status() >= 500) {
      log.warn(
          "Downstream failure on {} {}, answered {}: {}",
          request.getMethod(),
          request.getPath(),
          problem.status(),
          ex.toString());
    } else if (log.isDebugEnabled()) {
      log.debug(
          "Rejected {} {} with {}: {}",
          request.getMethod(),
          request.getPath(),
          problem.status(),
          problem.body().getDetail());
    }
  }

  private record WritersOnlyContext(List<HttpMessageWriter<?>> messageWriters)
      implements ServerResponse.Context {

    @Override
    public List<ViewResolver> viewResolvers() {
      return List.of();
    }
  }
}
