package io.flowmesh.webhooks.delivery;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first {@code limit} bytes of a response body and discards the rest. A body longer than
 * {@code drainLimit} is cut off (the connection is then not reused), so an endpoint cannot make the
 * sender read without end.
 */
final class ExcerptSubscriber implements HttpResponse.BodySubscriber<byte[]> {

  private final int limit;
  private final long drainLimit;
  private final ByteArrayOutputStream kept;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private long seen;

  ExcerptSubscriber(int limit, long drainLimit) {
    this.limit = limit;
    this.drainLimit = drainLimit;
    this.kept = new ByteArrayOutputStream(Math.min(limit, 1024));
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int remaining = buffer.remaining();
      seen += remaining;
      int room = limit - kept.size();
      if (room > 0) {
        byte[] chunk = new byte[Math.min(room, remaining)];
        buffer.get(chunk);
        kept.writeBytes(chunk);
      }
    }
    if (seen > drainLimit) {
      subscription.cancel();
      body.complete(kept.toByteArray());
    }
  }

  @Override
  public void onError(Throwable throwable) {
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    body.complete(kept.toByteArray());
  }
}
