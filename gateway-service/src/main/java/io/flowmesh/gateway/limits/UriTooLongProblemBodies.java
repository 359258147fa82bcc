package io.flowmesh.gateway.limits;

import io.flowmesh.model.ProblemTypes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyServerProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a problem body to the 414 that Reactor Netty sends by itself for a request line longer than
 * {@code server.netty.max-initial-line-length}: the request never reaches Spring, and Reactor Netty
 * answers with an empty body and closes the connection, with no hook to shape the answer. A handler
 * next to the HTTP codec replaces that empty body on its way out. There is no request id: the
 * request was never read.
 */
@Component
class UriTooLongProblemBodies implements NettyServerCustomizer {

  private final ProblemBody handler;

  UriTooLongProblemBodies(NettyServerProperties netty, JsonMapper json) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", ProblemTypes.URI_TOO_LONG.toString());
    problem.put("title", HttpStatus.URI_TOO_LONG.getReasonPhrase());
    problem.put("status", HttpStatus.URI_TOO_LONG.value());
    problem.put(
        "detail",
        "The request line is longer than the "
            + netty.getMaxInitialLineLength().toBytes()
            + " bytes the gateway reads (server.netty.max-initial-line-length).");
    this.handler = new ProblemBody(json.writeValueAsBytes(problem));
  }

  @Override
  public HttpServer apply(HttpServer server) {
    return server.doOnChannelInit(
        (observer, channel, remoteAddress) -> {
          // HTTP/1.1 only: the codec is there once Reactor Netty has set the channel up
          if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, "uriTooLongProblem", handler);
          }
        });
  }

  /** Replaces the empty body of a 414 with the problem. */
  @ChannelHandler.Sharable
  static final class ProblemBody extends ChannelOutboundHandlerAdapter {

    private final byte[] body;

    ProblemBody(byte[] body) {
      this.body = body;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof FullHttpResponse response
          && response.status().equals(HttpResponseStatus.REQUEST_URI_TOO_LONG)
          && !response.content().isReadable()) {
        FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
        problem
            .headers()
            .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.release();
        ctx.write(problem, promise);
        return;
      }
      ctx.write(msg, promise);
    }
  }
}
