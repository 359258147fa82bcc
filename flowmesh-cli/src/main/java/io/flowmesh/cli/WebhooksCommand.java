package io.flowmesh.cli;

import com.sun.net.httpserver.HttpServer;
import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.FlowmeshProblemException;
import io.flowmesh.client.WebhookSubscriptions;
import io.flowmesh.client.webhook.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "webhooks", description = "Webhook deliveries on this machine.")
final class WebhooksCommand {

  @Spec CommandSpec spec;

  @Command(
      name = "listen",
      description = {
        "Receive deliveries here: starts a receiver on loopback, subscribes it, verifies each"
            + " delivery's signature and prints it; Ctrl-C deletes the subscription.",
        "Flowmesh refuses loopback URLs unless its webhook-service allows them"
            + " (FLOWMESH_WEBHOOK_ALLOW_LOOPBACK=true, as ./flowmesh run sets); elsewhere expose"
            + " the port and pass --public-url."
      })
  int listen(
      @Option(
              names = "--events",
              split = ",",
              defaultValue = "io.flowmesh.run.*",
              description = "Event types or patterns; default ${DEFAULT-VALUE}")
          List<String> eventTypes,
      @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1; default any")
          int port,
      @Option(
              names = "--public-url",
              description = "The URL Flowmesh should call, when it cannot reach 127.0.0.1 here")
          String publicUrl,
      @Option(
              names = "--count",
              defaultValue = "0",
              description = "Stop after this many deliveries; default 0, never")
          int count) {
    FlowmeshCommand root = FlowmeshCommand.of(spec);
    FlowmeshClient client = root.client();
    Output out = root.output();
    HttpServer server = bind(port);
    String url =
        publicUrl != null
            ? publicUrl
            : "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    WebhookSubscriptions.Subscription subscription = subscribe(client, root, url, eventTypes);
    CountDownLatch enough = new CountDownLatch(1);
    AtomicInteger received = new AtomicInteger();
    WebhookReceiver receiver =
        new WebhookReceiver(
            subscription.secret(),
            delivery -> {
              synchronized (out) {
                if (out.json()) {
                  out.printJson(delivery.event());
                } else {
                  out.line(
                      delivery.timestamp()
                          + "  "
                          + delivery.type()
                          + "  "
                          + delivery.key()
                          + "  "
                          + delivery.webhookId());
                }
              }
              if (count > 0 && received.incrementAndGet() >= count) {
                enough.countDown();
              }
            });
    server.createContext("/hooks", receiver.httpHandler());
    server.start();
    AtomicBoolean cleanedUp = new AtomicBoolean();
    Runnable cleanUp =
        () -> {
          if (cleanedUp.compareAndSet(false, true)) {
            server.stop(1); // lets the delivery being answered finish
            client.webhookSubscriptions().delete(subscription.id());
            root.commandLine().getErr().println("subscription " + subscription.id() + " deleted");
            root.commandLine().getErr().flush();
          }
        };
    Thread onCtrlC = new Thread(cleanUp, "flowmesh-webhooks-cleanup");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    root.commandLine()
        .getErr()
        .println(
            "listening on "
                + url
                + " as subscription "
                + subscription.id()
                + " ("
                + String.join(",", eventTypes)
                + ")"
                + (count > 0 ? "; stops after " + count : "; Ctrl-C stops"));
    root.commandLine().getErr().flush();
    try {
      enough.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      cleanUp.run();
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
    }
    return ExitCodes.OK;
  }

  private static HttpServer bind(int port) {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private static WebhookSubscriptions.Subscription subscribe(
      FlowmeshClient client, FlowmeshCommand root, String url, List<String> eventTypes) {
    try {
      return client
          .webhookSubscriptions()
          .create(WebhookSubscriptions.NewSubscription.of(url, eventTypes));
    } catch (FlowmeshProblemException e) {
      if (e.status() == 400 && url.startsWith("http://127.0.0.1")) {
        root.commandLine()
            .getErr()
            .println(
                "hint: this Flowmesh refuses loopback URLs; its webhook-service needs"
                    + " FLOWMESH_WEBHOOK_ALLOW_LOOPBACK=true, or expose the port and pass"
                    + " --public-url");
      }
      throw e;
    }
  }
}
