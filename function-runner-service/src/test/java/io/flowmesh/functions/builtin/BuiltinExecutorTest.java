package io.flowmesh.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.functions.registry.RegisteredFunction;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BuiltinExecutorTest {

  /** A builtin that waits for the outside world, as {@code system/http-request} does. */
  private static final BuiltinFunction WAITS =
      new BuiltinFunction() {
        @Override
        public String slug() {
          return "test/waits";
        }

        @Override
        public Object apply(Invocation invocation) {
          return null;
        }
      };

  private final BuiltinExecutor executor =
      new BuiltinExecutor(
          List.of(
              new NoopFunction(),
              new EchoFunction(),
              new HashFunction(),
              new UuidFunction(),
              new TransformFunction(JsonMapper.builder().build()),
              WAITS));

  private static RegisteredFunction builtin(String slug) {
    return new RegisteredFunction("*", slug, "builtin", true, 30);
  }

  @Test
  void functionsThatOnlyComputeRunOnTheListenersThread() {
    for (String slug :
        List.of("core/noop", "core/echo", "core/hash", "core/uuid", "core/transform")) {
      assertThat(executor.runsInline(builtin(slug))).as(slug).isTrue();
    }
  }

  @Test
  void functionsThatMayWaitAndUnknownOnesGetAThreadOfTheirOwn() {
    assertThat(executor.runsInline(builtin("test/waits"))).isFalse();
    assertThat(executor.runsInline(builtin("core/not-in-this-version"))).isFalse();
  }
}
