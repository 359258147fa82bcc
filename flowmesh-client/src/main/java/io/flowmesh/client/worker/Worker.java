package io.flowmesh.client.worker;

import io.flowmesh.client.FlowmeshClient;
import io.flowmesh.client.FlowmeshException;
import io.flowmesh.client.FlowmeshProblemException;
import io.flowmesh.client.WorkerTasks;
import io.flowmesh.client.WorkerTasks.WorkerTask;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the tasks of {@code worker} functions in this process: one poller long-polls Flowmesh for as
 * many tasks as there are free slots ({@link Builder#concurrency}), each task runs its handler on a
 * virtual thread while heartbeats keep its lease, and the result (or the failure) is sent back
 * under that lease.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(flowmesh)
 *     .handler("acme/charge-card", task -> Map.of("charged", true))
 *     .concurrency(8)
 *     .build()
 *     .start();
 * Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
 * }</pre>
 *
 * <p>When idle it waits in the server's long poll, not in a loop; when refused (a problem, or no
 * answer) it backs off exponentially with jitter, up to 30 s. {@link #close()} drains: it stops
 * polling, lets running handlers finish and answer (up to {@link Builder#drainTimeout}), then
 * returns. A handler still running after that is interrupted; its lease expires and the node
 * retries. docs/workers.md has the whole guide.
 */
public final class Worker implements AutoCloseable {

  private static final System.Logger log = System.getLogger(Worker.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_IDLE_BACKOFF = Duration.ofSeconds(5);
  private static final int MAX_TASKS_PER_POLL = 100;

  private final WorkerTasks api;
  private final Map<String, TaskHandler> handlers;
  private final List<String> functions;
  private final int concurrency;
  private final Duration pollWait;
  private final Duration lease;
  private final Duration drainTimeout;
  private final String workerId;
  private final Semaphore slots;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ExecutorService running =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flowmesh-task-", 0).factory());
  private final ScheduledExecutorService beats =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("flowmesh-heartbeats").daemon().factory());
  private volatile boolean stopping;
  private Thread poller;

  private Worker(Builder builder) {
    this.api = builder.client.workerTasks();
    this.handlers = Map.copyOf(builder.handlers);
    this.functions = List.copyOf(builder.handlers.keySet());
    this.concurrency = builder.concurrency;
    this.pollWait = builder.pollWait;
    this.lease = builder.lease;
    this.drainTimeout = builder.drainTimeout;
    this.workerId = builder.workerId;
    this.slots = new Semaphore(concurrency);
  }

  /** A builder for a worker that calls Flowmesh through {@code client}. */
  public static Builder builder(FlowmeshClient client) {
    return new Builder(client);
  }

  /** Starts polling; returns at once. */
  public synchronized Worker start() {
    if (poller != null) {
      throw new IllegalStateException("already started");
    }
    poller = Thread.ofPlatform().name("flowmesh-worker-poller").start(this::pollUntilStopped);
    return this;
  }

  /** The slugs this worker runs. */
  public List<String> functions() {
    return functions;
  }

  /** How many tasks are running now. */
  public int running() {
    return concurrency - slots.availablePermits();
  }

  private void pollUntilStopped() {
    int refused = 0;
    int idle = 0;
    while (!stopping) {
      int taken;
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        break;
      }
      taken = 1 + slots.drainPermits();
      if (taken > MAX_TASKS_PER_POLL) {
        slots.release(taken - MAX_TASKS_PER_POLL);
        taken = MAX_TASKS_PER_POLL;
      }
      long started = System.nanoTime();
      List<WorkerTask> tasks;
      try {
        tasks = api.poll(functions, taken, pollWait, lease, workerId);
        refused = 0;
      } catch (FlowmeshException e) {
        slots.release(taken);
        if (stopping) {
          break;
        }
        refused++;
        Duration wait = backoff(refused, Duration.ofMillis(500), MAX_BACKOFF);
        log.log(Level.WARNING, "Polling for tasks failed; next poll in " + wait + ": " + e);
        if (!pause(wait)) {
          break;
        }
        continue;
      }
      slots.release(taken - tasks.size());
      tasks.forEach(this::dispatch);
      // An empty poll that waited is what idling looks like: poll again at once. One that answered
      // early (a short wait configured, or a server that does not wait) would spin: back off.
      boolean waited = System.nanoTime() - started >= pollWait.toNanos() / 2;
      idle = tasks.isEmpty() && !waited ? idle + 1 : 0;
      if (idle > 0 && !pause(backoff(idle, Duration.ofMillis(100), MAX_IDLE_BACKOFF))) {
        break;
      }
    }
  }

  private void dispatch(WorkerTask task) {
    TaskContext context = new TaskContext(task, json);
    long every = Math.max(500, lease == null ? 10_000 : lease.toMillis() / 3);
    ScheduledFuture<?> heartbeats =
        beats.scheduleAtFixedRate(
            () -> running.execute(() -> heartbeat(context)), every, every, TimeUnit.MILLISECONDS);
    running.execute(
        () -> {
          try {
            run(context);
          } finally {
            heartbeats.cancel(false);
            slots.release();
          }
        });
  }

  private void run(TaskContext context) {
    WorkerTask task = context.task();
    TaskHandler handler = handlers.get(task.function());
    Object output;
    try {
      output = handler.handle(context);
    } catch (TaskFailure failure) {
      answer(
          task,
          () ->
              api.fail(
                  task.taskId(),
                  task.leaseToken(),
                  failure.code(),
                  message(failure.getMessage(), failure.code()),
                  failure.retryable()));
      return;
    } catch (InterruptedException e) {
      // Closing after the drain timeout: the lease expires and the node retries.
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      log.log(Level.WARNING, "Handler of " + task.function() + " failed on " + task.taskId(), e);
      answer(
          task,
          () ->
              api.fail(
                  task.taskId(),
                  task.leaseToken(),
                  "WORKER_ERROR",
                  message(e.toString(), ""),
                  true));
      return;
    }
    answer(task, () -> api.complete(task.taskId(), task.leaseToken(), output));
  }

  private void answer(WorkerTask task, Runnable call) {
    try {
      call.run();
    } catch (FlowmeshProblemException e) {
      // 409: the lease expired (too long without a heartbeat) and the attempt was failed; the
      // node's retry, if any, is someone else's task now.
      log.log(
          Level.WARNING,
          "Answer to " + task.taskId() + " refused (" + e.status() + "): " + e.detail());
    } catch (FlowmeshException e) {
      log.log(
          Level.ERROR, "Answer to " + task.taskId() + " not delivered; its lease will expire", e);
    }
  }

  private void heartbeat(TaskContext context) {
    if (context.leaseLost()) {
      return;
    }
    WorkerTask task = context.task();
    try {
      api.heartbeat(task.taskId(), task.leaseToken(), lease);
    } catch (FlowmeshProblemException e) {
      if (e.status() == 409 || e.status() == 404) {
        context.loseLease();
        log.log(Level.WARNING, "Lease on " + task.taskId() + " lost: " + e.detail());
      }
    } catch (FlowmeshException e) {
      log.log(Level.DEBUG, "Heartbeat for " + task.taskId() + " failed; trying again", e);
    }
  }

  private static String message(String message, String fallback) {
    String text = message == null || message.isBlank() ? fallback : message;
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }

  /** Exponential from {@code first}, capped, with jitter: between half and all of the step. */
  private static Duration backoff(int attempt, Duration first, Duration max) {
    long step = first.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(step, max.toMillis());
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  /** Sleeps unless closing; false if closing. */
  private boolean pause(Duration wait) {
    try {
      Thread.sleep(wait);
      return !stopping;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Drains: stops polling (a poll in flight is abandoned; tasks it may have leased expire and their
   * nodes retry), waits up to the drain timeout for running handlers to finish and answer, then
   * interrupts any still running.
   */
  @Override
  public void close() {
    Thread polling;
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      polling = poller;
    }
    try {
      if (polling != null) {
        polling.interrupt();
        polling.join(drainTimeout);
      }
      running.shutdown();
      if (!running.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.log(Level.WARNING, "Tasks still running after the drain timeout; interrupting them");
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      beats.shutdownNow();
    }
  }

  /** Settings of a {@link Worker}; at least one handler is required. */
  public static final class Builder {

    private final FlowmeshClient client;
    private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
    private int concurrency = 4;
    private Duration pollWait = Duration.ofSeconds(15);
    private Duration lease = Duration.ofSeconds(30);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private String workerId = ManagementFactory.getRuntimeMXBean().getName();

    private Builder(FlowmeshClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Runs the tasks of the function {@code slug} (e.g. {@code acme/charge-card}) with it. */
    public Builder handler(String slug, TaskHandler handler) {
      handlers.put(
          Objects.requireNonNull(slug, "slug"), Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** The most tasks running at once in this worker; 4 unless set. */
    public Builder concurrency(int tasks) {
      if (tasks < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
      this.concurrency = tasks;
      return this;
    }

    /**
     * How long one poll waits for tasks when none is queued, whole seconds up to the server's
     * maximum (20 s by default); 15 s unless set. Keep it below the client's request timeout.
     */
    public Builder pollWait(Duration wait) {
      this.pollWait = Objects.requireNonNull(wait, "pollWait");
      return this;
    }

    /**
     * How long a lease lasts without a heartbeat (heartbeats go every third of it); 30 s unless
     * set. A worker killed mid-task holds its task this long before the node retries.
     */
    public Builder leaseDuration(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "leaseDuration");
      return this;
    }

    /** How long {@link Worker#close()} waits for running tasks; 30 s unless set. */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
      return this;
    }

    /** Names this worker in the tasks' records; {@code pid@host} unless set. */
    public Builder workerId(String id) {
      this.workerId = id;
      return this;
    }

    /** The worker, not started yet. */
    public Worker build() {
      if (handlers.isEmpty()) {
        throw new IllegalStateException("register at least one handler");
      }
      return new Worker(this);
    }
  }
}
