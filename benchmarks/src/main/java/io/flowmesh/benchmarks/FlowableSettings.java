package io.flowmesh.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * The async executor settings the Flowable benchmark runs with, each overridable by a system
 * property {@code bench.flowable.<name>}. Tuned for one engine on this machine (ADR 0055): twice
 * Flowable 8's 8 threads, and its acquisition's sleeps (10 s after a short query, 5 s when the
 * queue is full) cut to 100 ms, so that a job refused by a full queue is not held back for seconds;
 * queue size and jobs per acquisition are Flowable 8's own defaults, set here so they print.
 *
 * @param corePoolSize threads kept for job execution
 * @param maxPoolSize threads at most for job execution
 * @param queueSize jobs waiting in memory for a thread; a job that finds it full goes back to the
 *     database for the acquisition thread
 * @param jobsPerAcquisition async jobs one acquisition query locks
 * @param acquireWaitMillis the acquisition thread's sleep after a query that found fewer jobs
 * @param queueFullWaitMillis the acquisition thread's sleep when the queue is full
 * @param connections the JDBC pool: two per thread that runs engine commands (executor threads,
 *     starting clients, the acquisition and reset threads). A standalone engine fires its
 *     after-commit listeners (which hand new jobs to the executor) as a command with a transaction
 *     of its own while the committing command still holds its connection; with one connection per
 *     thread, every thread can end up holding one and waiting for a second.
 */
record FlowableSettings(
    int corePoolSize,
    int maxPoolSize,
    int queueSize,
    int jobsPerAcquisition,
    int acquireWaitMillis,
    int queueFullWaitMillis,
    int connections) {

  static FlowableSettings fromSystemProperties(int clients) {
    int threads = Integer.getInteger("bench.flowable.core-pool-size", 16);
    int maxThreads = Integer.getInteger("bench.flowable.max-pool-size", threads);
    return new FlowableSettings(
        threads,
        maxThreads,
        Integer.getInteger("bench.flowable.queue-size", 2048),
        Integer.getInteger("bench.flowable.jobs-per-acquisition", 512),
        Integer.getInteger("bench.flowable.acquire-wait-millis", 100),
        Integer.getInteger("bench.flowable.queue-full-wait-millis", 100),
        Integer.getInteger("bench.flowable.connections", 2 * (maxThreads + clients + 3)));
  }

  void applyTo(ProcessEngineConfigurationImpl configuration) {
    configuration
        .setAsyncExecutorCorePoolSize(corePoolSize)
        .setAsyncExecutorMaxPoolSize(maxPoolSize)
        .setAsyncExecutorThreadPoolQueueSize(queueSize)
        .setAsyncExecutorMaxAsyncJobsDuePerAcquisition(jobsPerAcquisition)
        .setAsyncExecutorDefaultAsyncJobAcquireWaitTime(acquireWaitMillis)
        .setAsyncExecutorDefaultQueueSizeFullWaitTime(queueFullWaitMillis);
  }

  /**
   * Every async executor setting of {@code configuration} that bears on throughput or latency, by
   * Flowable's name: printed before and after {@link #applyTo}, so the report shows Flowable's
   * defaults beside what was measured.
   */
  static Map<String, Object> describe(ProcessEngineConfigurationImpl configuration) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("asyncExecutorCorePoolSize", configuration.getAsyncExecutorCorePoolSize());
    settings.put("asyncExecutorMaxPoolSize", configuration.getAsyncExecutorMaxPoolSize());
    settings.put(
        "asyncExecutorThreadPoolQueueSize", configuration.getAsyncExecutorThreadPoolQueueSize());
    settings.put(
        "asyncExecutorMaxAsyncJobsDuePerAcquisition",
        configuration.getAsyncExecutorMaxAsyncJobsDuePerAcquisition());
    settings.put(
        "asyncExecutorDefaultAsyncJobAcquireWaitTime",
        configuration.getAsyncExecutorDefaultAsyncJobAcquireWaitTime());
    settings.put(
        "asyncExecutorDefaultQueueSizeFullWaitTime",
        configuration.getAsyncExecutorDefaultQueueSizeFullWaitTime());
    settings.put(
        "asyncExecutorDefaultTimerJobAcquireWaitTime",
        configuration.getAsyncExecutorDefaultTimerJobAcquireWaitTime());
    settings.put(
        "asyncExecutorThreadKeepAliveTime", configuration.getAsyncExecutorThreadKeepAliveTime());
    settings.put(
        "asyncExecutorAsyncJobLockTimeInMillis",
        configuration.getAsyncExecutorAsyncJobLockTimeInMillis());
    settings.put("asyncExecutorNumberOfRetries", configuration.getAsyncExecutorNumberOfRetries());
    return settings;
  }
}
