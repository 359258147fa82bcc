package io.flowmesh.e2e;

import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker in a JVM of its own, for {@link WorkerE2EIT} to kill with SIGKILL mid-task: it runs the
 * function {@code args[2]} with a handler that records that it started (a file, {@code args[3]})
 * and then never finishes. Arguments: gateway URL, API key, function slug, marker file.
 */
public final class WorkerProcess {

  private WorkerProcess() {}

  public static void main(String[] args) throws Exception {
    FlowmeshClient flowmesh = FlowmeshClient.builder().baseUrl(args[0]).apiKey(args[1]).build();
    Path marker = Path.of(args[3]);
    CountDownLatch never = new CountDownLatch(1);
    Worker.builder(flowmesh)
        .handler(
            args[2],
            task -> {
              Files.writeString(marker, task.taskId());
              never.await();
              return null;
            })
        // One slot: while its handler hangs it takes nothing else, not even a retry of its task
        // if a slow heartbeat on a loaded machine let the lease run out before the kill.
        .concurrency(1)
        .leaseDuration(Duration.ofSeconds(5))
        .pollWait(Duration.ofSeconds(5))
        .build()
        .start();
    never.await();
  }
}
