package io.flowmesh.tenantdata;

import io.flowmesh.web.EdgeProperties;
import io.flowmesh.web.WebEdgeAutoConfiguration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant purge and its internal endpoint, and the quotas of stored things, in every servlet
 * service with a database.
 */
@AutoConfiguration(
    after = {
      DataSourceAutoConfiguration.class,
      DataSourceTransactionManagerAutoConfiguration.class,
      WebEdgeAutoConfiguration.class
    })
@ConditionalOnBean(DataSource.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(TenantQuotaProperties.class)
public class TenantDataAutoConfiguration {

  @Bean
  TenantDataPurge tenantDataPurge(DataSource dataSource, PlatformTransactionManager transactions) {
    return new TenantDataPurge(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
  }

  @Bean
  TenantQuotas tenantQuotas(DataSource dataSource, TenantQuotaProperties properties) {
    return new TenantQuotas(new JdbcTemplate(dataSource), properties);
  }

  @Bean
  TenantDataController tenantDataController(TenantDataPurge purge, EdgeProperties properties) {
    return new TenantDataController(purge, properties);
  }
}
