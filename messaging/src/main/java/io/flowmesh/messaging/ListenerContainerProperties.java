package io.flowmesh.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How listener containers commit their offsets and which threads they poll on ({@link
 * ListenerContainersAutoConfiguration}).
 *
 * @param asyncCommits whether a commit is sent without waiting for the broker's answer
 * @param commitInterval the least time between two commits of a container; zero commits after every
 *     poll
 * @param virtualListenerThreads whether a container's consumer loop runs on a virtual thread (as
 *     Spring Boot does when {@code spring.threads.virtual.enabled} is set) instead of a platform
 *     thread of its own
 */
@ConfigurationProperties("flowmesh.kafka")
public record ListenerContainerProperties(
    @DefaultValue("true") boolean asyncCommits,
    @DefaultValue("100ms") Duration commitInterval,
    @DefaultValue("false") boolean virtualListenerThreads) {}
