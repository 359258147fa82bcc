package com.example.invoices;

import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.worker.Worker;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@code acme/price-invoice} for the tenant of {@code FLOWMESH_API_KEY} (a key with the {@code
 * workers} scope) until stopped; Ctrl-C (SIGTERM) drains: running tasks finish and answer first.
 */
public final class InvoiceWorker {

  private InvoiceWorker() {}

  public static void main(String[] args) throws InterruptedException {
    FlowmeshClient flowmesh =
        FlowmeshClient.builder()
            .baseUrl(System.getenv().getOrDefault("FLOWMESH_URL", "http://127.0.0.1:8080"))
            .apiKey(System.getenv("FLOWMESH_API_KEY"))
            .build();
    Worker worker =
        Worker.builder(flowmesh)
            .handler("acme/price-invoice", new Invoices())
            .concurrency(8)
            .build()
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                }));
    System.out.println("Running " + worker.functions() + "; Ctrl-C to stop");
    stopped.await();
  }
}
