package io.flowmesh.functions.builtin;

import io.flowmesh.functions.execution.Invocation;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code core/hash}: the digest of a UTF-8 text (sha256 by default, sha512, sha1, md5), or its HMAC
 * when a key is given. sha1 and md5 exist for checksums and legacy signatures, not for security.
 */
@Component
class HashFunction implements BuiltinFunction {

  @Override
  public String slug() {
    return "core/hash";
  }

  @Override
  public boolean computesOnly() {
    return true;
  }

  @Override
  public Object apply(Invocation invocation) {
    return hash(invocation.input());
  }

  static Map<String, String> hash(JsonNode input) {
    String algorithm = input.path("algorithm").asString("sha256");
    byte[] data = input.path("data").asString("").getBytes(StandardCharsets.UTF_8);
    JsonNode key = input.path("hmacKey");
    byte[] digest;
    String name;
    try {
      if (key.isString()) {
        String mac = "Hmac" + jcaSuffix(algorithm);
        Mac hmac = Mac.getInstance(mac);
        hmac.init(new SecretKeySpec(key.asString().getBytes(StandardCharsets.UTF_8), mac));
        digest = hmac.doFinal(data);
        name = "hmac-" + algorithm;
      } else {
        digest = MessageDigest.getInstance(jcaName(algorithm)).digest(data);
        name = algorithm;
      }
    } catch (GeneralSecurityException e) {
      throw new FunctionFailure("INPUT_INVALID", "unsupported algorithm " + algorithm, false);
    }
    String encoded =
        "base64".equals(input.path("encoding").asString("hex"))
            ? Base64.getEncoder().encodeToString(digest)
            : HexFormat.of().formatHex(digest);
    return Map.of("hash", encoded, "algorithm", name);
  }

  private static String jcaName(String algorithm) {
    return switch (algorithm) {
      case "sha256" -> "SHA-256";
      case "sha512" -> "SHA-512";
      case "sha1" -> "SHA-1";
      case "md5" -> "MD5";
      default -> algorithm;
    };
  }

  private static String jcaSuffix(String algorithm) {
    return switch (algorithm) {
      case "sha256" -> "SHA256";
      case "sha512" -> "SHA512";
      case "sha1" -> "SHA1";
      case "md5" -> "MD5";
      default -> algorithm;
    };
  }
}
