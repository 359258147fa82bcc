package io.flowmesh.functions.pack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the {@code fal-queue} builtin asks fal for the status of a job (ADR 0054): first after
 * {@code firstPollInterval}, then each time twice as long, at most {@code maxPollInterval}. The
 * execution's timeout bounds the whole wait.
 *
 * @param firstPollInterval the wait before the first status request
 * @param maxPollInterval the longest wait between two status requests
 */
@ConfigurationProperties("flowmesh.functions.packs.fal-queue")
public record FalQueueProperties(
    @DefaultValue("500ms") Duration firstPollInterval,
    @DefaultValue("5s") Duration maxPollInterval) {}
