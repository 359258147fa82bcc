package io.flowmesh.webhooks;

import io.flowmesh.tenantdata.TenantIdConverters;
import io.flowmesh.webhooks.subscription.SubscriptionId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;

/** Spring Data JDBC stores this service's typed ids and URLs as text columns (ADR 0031). */
@Configuration(proxyBeanMethods = false)
class JdbcMapping extends AbstractJdbcConfiguration {

  @Override
  protected List<?> userConverters() {
    List<Object> converters = new ArrayList<>(TenantIdConverters.all());
    converters.addAll(
        List.of(
            SubscriptionIdToText.INSTANCE,
            TextToSubscriptionId.INSTANCE,
            UriToText.INSTANCE,
            TextToUri.INSTANCE));
    return converters;
  }

  @WritingConverter
  enum SubscriptionIdToText implements Converter<SubscriptionId, String> {
    INSTANCE;

    @Override
    public String convert(SubscriptionId id) {
      return id.value();
    }
  }

  @ReadingConverter
  enum TextToSubscriptionId implements Converter<String, SubscriptionId> {
    INSTANCE;

    @Override
    public SubscriptionId convert(String text) {
      return SubscriptionId.of(text);
    }
  }

  @WritingConverter
  enum UriToText implements Converter<URI, String> {
    INSTANCE;

    @Override
    public String convert(URI uri) {
      return uri.toString();
    }
  }

  @ReadingConverter
  enum TextToUri implements Converter<String, URI> {
    INSTANCE;

    @Override
    public URI convert(String text) {
      return URI.create(text);
    }
  }
}
