package io.flowmesh.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How listener containers commit their offsets ({@link ListenerCommitsAutoConfiguration}).
 *
 * @param asyncCommits whether a commit is sent without waiting for the broker's answer
 * @param commitInterval the least time between two commits of a container; zero commits after every
 *     poll
 */
@ConfigurationProperties("flowmesh.kafka")
public record ListenerCommitProperties(
    @DefaultValue("true") boolean asyncCommits, @DefaultValue("100ms") Duration commitInterval) {}
