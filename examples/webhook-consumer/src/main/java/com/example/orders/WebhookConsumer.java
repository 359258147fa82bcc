package com.example.orders;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.WebhookSubscriptions;
import io.flowmesh.client.webhook.WebhookReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** Subscribes itself to run events, serves the receiver, unsubscribes on exit. */
public final class WebhookConsumer {

  private WebhookConsumer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
    FlowmeshClient flowmesh =
        FlowmeshClient.builder()
            .baseUrl(System.getenv().getOrDefault("FLOWMESH_URL", "http://127.0.0.1:8080"))
            .apiKey(System.getenv("FLOWMESH_API_KEY"))
            .build();

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    WebhookSubscriptions.Subscription subscription =
        flowmesh
            .webhookSubscriptions()
            .create(
                WebhookSubscriptions.NewSubscription.of(
                    "http://127.0.0.1:" + port + "/hooks", List.of("io.flowmesh.run.*")));
    // The secret is in the create answer only: keep it where the receiver can read it.
    WebhookReceiver receiver = new WebhookReceiver(subscription.secret(), new RunEndings());
    server.createContext("/hooks", receiver.httpHandler());
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  flowmesh.webhookSubscriptions().delete(subscription.id());
                }));
    System.out.println("receiving on port " + port + " as " + subscription.id());
    Thread.currentThread().join();
  }
}
