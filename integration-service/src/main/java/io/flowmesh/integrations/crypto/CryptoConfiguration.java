package io.flowmesh.integrations.crypto;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cipher as a bean; building it validates the master keys, so a bad setup fails startup. */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

  @Bean
  SecretCipher secretCipher(CryptoProperties properties) {
    return new SecretCipher(properties);
  }
}
