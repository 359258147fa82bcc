package io.flowmesh.webhooks.delivery;

import io.flowmesh.webhooks.subscription.SubscriptionEnabled;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When a subscription is enabled again, its heads that wait far in the future (a 410's back-off, a
 * long retry) become due now, in the enabling transaction. Only waits longer than a lease are
 * pulled in: a shorter one may be an attempt still in flight, whose lease must keep others off it.
 */
@Component
class SubscriptionResumption {

  private final JdbcClient jdbc;
  private final DeliveryProperties properties;
  private final DeliveryEngine engine;

  SubscriptionResumption(JdbcClient jdbc, DeliveryProperties properties, DeliveryEngine engine) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.engine = engine;
  }

  @EventListener
  void on(SubscriptionEnabled enabled) {
    jdbc.sql(
            "UPDATE deliveries SET next_attempt_at = now() WHERE tenant = ? AND subscription_id = ?"
                + " AND status = 'PENDING' AND next_attempt_at > now() + ?::bigint * interval '1"
                + " millisecond'")
        .params(
            enabled.tenant().value(),
            enabled.subscriptionId().value(),
            properties.lease().toMillis())
        .update();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              engine.wake();
            }
          });
    }
  }
}
