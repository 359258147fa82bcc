package io.flowmesh.tenantdata;

import io.flowmesh.model.TenantId;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;

/**
 * How Spring Data JDBC stores a {@link TenantId}: as the text of its value, as every hand-written
 * statement does. For the services that keep aggregates with Spring Data JDBC (ADR 0031), to add to
 * their own converters.
 */
public final class TenantIdConverters {

  /** Both directions. */
  public static List<Converter<?, ?>> all() {
    return List.of(TenantToText.INSTANCE, TextToTenant.INSTANCE);
  }

  @WritingConverter
  enum TenantToText implements Converter<TenantId, String> {
    INSTANCE;

    @Override
    public String convert(TenantId tenant) {
      return tenant.value();
    }
  }

  @ReadingConverter
  enum TextToTenant implements Converter<String, TenantId> {
    INSTANCE;

    @Override
    public TenantId convert(String text) {
      return TenantId.of(text);
    }
  }

  private TenantIdConverters() {}
}
