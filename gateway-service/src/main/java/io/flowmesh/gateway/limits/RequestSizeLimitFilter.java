package io.flowmesh.gateway.limits;

import io.flowmesh.gateway.FilterOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rejects request bodies over {@link RequestSizeProperties#maxRequestSize()} with a 413 problem.
 *
 * <p>The gateway's own {@code RequestSize} filter is not used: it answers with an empty body and an
 * {@code errorMessage} header rather than a problem, and it only looks at {@code Content-Length},
 * so a chunked body of any size passes it. This filter rejects a too large declared length up front
 * and also counts the bytes as they stream to the service.
 */
@Component
class RequestSizeLimitFilter implements WebFilter, Ordered {

  private final DataSize limit;

  RequestSizeLimitFilter(RequestSizeProperties properties) {
    this.limit = properties.maxRequestSize();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (request.getHeaders().getContentLength() > limit.toBytes()) {
      return Mono.error(new PayloadTooLargeException(limit));
    }
    return chain.filter(exchange.mutate().request(new CountingRequest(request, limit)).build());
  }

  @Override
  public int getOrder() {
    return FilterOrder.REQUEST_SIZE;
  }

  /** Fails the body stream once more than the limit has arrived. */
  private static final class CountingRequest extends ServerHttpRequestDecorator {

    private final DataSize limit;

    CountingRequest(ServerHttpRequest delegate, DataSize limit) {
      super(delegate);
      this.limit = limit;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return Flux.defer(
          () -> {
            AtomicLong received = new AtomicLong();
            return super.getBody()
                .handle(
                    (buffer, sink) -> {
                      if (received.addAndGet(buffer.readableByteCount()) > limit.toBytes()) {
                        DataBufferUtils.release(buffer);
                        sink.error(new PayloadTooLargeException(limit));
                      } else {
                        sink.next(buffer);
                      }
                    });
          });
    }
  }
}
