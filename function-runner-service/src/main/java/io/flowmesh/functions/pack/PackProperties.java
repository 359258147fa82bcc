package io.flowmesh.functions.pack;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where function packs come from and where their requests go.
 *
 * @param directory an operator's directory of further packs ({@code *.yaml}, {@code *.yml}, {@code
 *     *.json}), e.g. a mounted ConfigMap; none if null. A pack here replaces a shipped pack of the
 *     same provider.
 * @param baseUrls base URL per provider, replacing the pack's own (a proxy, a regional endpoint, a
 *     test server)
 */
@ConfigurationProperties("flowmesh.functions.packs")
public record PackProperties(Path directory, @DefaultValue Map<String, String> baseUrls) {}
