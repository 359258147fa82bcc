package io.flowmesh.integrations.connection;

import io.flowmesh.integrations.crypto.Sealed;
import io.flowmesh.integrations.crypto.SecretCipher;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Seals and opens a connection's secret object (JSON) with the {@link SecretCipher}. */
@Component
public class ConnectionSecrets {

  private final SecretCipher cipher;
  private final JsonMapper json;

  ConnectionSecrets(SecretCipher cipher, JsonMapper json) {
    this.cipher = cipher;
    this.json = json;
  }

  Sealed seal(String tenant, String connectionId, JsonNode secrets) {
    return cipher.encrypt(tenant, connectionId, json.writeValueAsBytes(secrets));
  }

  /** The decrypted secret object of a connection. */
  public ObjectNode open(ConnectionRow row) {
    if (row.sealed() == null) {
      return json.createObjectNode();
    }
    return (ObjectNode) json.readTree(cipher.decrypt(row.tenant().value(), row.id(), row.sealed()));
  }

  static List<String> fieldNames(JsonNode secrets) {
    List<String> names = new ArrayList<>(secrets.propertyNames());
    names.sort(null);
    return names;
  }
}
