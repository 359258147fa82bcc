package io.flowmesh.functions.builtin;

import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.messaging.UuidV7;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@code core/uuid}: a random (v4, default) or time-ordered (v7) UUID. */
@Component
class UuidFunction implements BuiltinFunction {

  @Override
  public String slug() {
    return "core/uuid";
  }

  @Override
  public boolean computesOnly() {
    return true;
  }

  @Override
  public Object apply(Invocation invocation) {
    int version = invocation.input().path("version").asInt(4);
    UUID uuid = version == 7 ? UuidV7.next() : UUID.randomUUID();
    return Map.of("uuid", uuid.toString());
  }
}
