package io.flowmesh.events.hook;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The hooks' rate limits, one token bucket per hook in this replica (Bucket4j, refilled greedily):
 * with N replicas a hook takes up to N times its rate. A bucket is replaced when its hook's limit
 * changes.
 */
@Component
class HookRateLimits {

  private record Limited(Hook.RateLimit limit, Bucket bucket) {}

  private final Map<String, Limited> buckets = new ConcurrentHashMap<>();

  /**
   * Takes one delivery from the hook's allowance.
   *
   * @return how long until one is allowed again, or zero if this one is
   */
  Duration take(Hook hook) {
    Hook.RateLimit limit = hook.rateLimit();
    if (limit == null) {
      buckets.remove(hook.id());
      return Duration.ZERO;
    }
    Limited limited =
        buckets.compute(
            hook.id(),
            (id, current) ->
                current != null && current.limit().equals(limit)
                    ? current
                    : new Limited(limit, bucket(limit)));
    ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  private static Bucket bucket(Hook.RateLimit limit) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(limit.requests())
                .refillGreedy(limit.requests(), limit.per())
                .build())
        .build();
  }
}
