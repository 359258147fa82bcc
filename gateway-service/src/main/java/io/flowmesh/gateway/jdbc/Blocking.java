package io.flowmesh.gateway.jdbc;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs JDBC calls off the event loop, on Reactor's bounded elastic scheduler (ADR 0035): a blocked
 * event-loop thread would stall every request on its connections, while the bounded scheduler caps
 * the threads that wait on the database and queues the rest.
 */
public final class Blocking {

  private Blocking() {}

  /** The call's result, or empty when it returns null. */
  public static <T> Mono<T> call(Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  public static Mono<Void> run(Runnable run) {
    return Mono.<Void>fromRunnable(run).subscribeOn(Schedulers.boundedElastic());
  }
}
