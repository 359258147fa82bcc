package io.flowmesh.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name (or literal address) to all its addresses. */
@FunctionalInterface
public interface HostResolver {

  InetAddress[] resolve(String host) throws UnknownHostException;

  /** The JVM's resolver. */
  HostResolver SYSTEM = InetAddress::getAllByName;
}
