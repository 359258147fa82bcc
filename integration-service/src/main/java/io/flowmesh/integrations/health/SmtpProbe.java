package io.flowmesh.integrations.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal SMTP dialogue to see a server answer: greeting, EHLO, NOOP, QUIT (RFC 5321). It sends
 * no credentials: a health check proves reachability, not the password. Port 465 speaks implicit
 * TLS (RFC 8314); elsewhere the dialogue stays plain, which NOOP allows before STARTTLS.
 */
final class SmtpProbe {

  private SmtpProbe() {}

  /** Returns the NOOP reply line, or throws with a message that names no credential. */
  static String noop(InetAddress address, String host, int port, Duration timeout)
      throws IOException {
    int millis = (int) timeout.toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, port), millis);
      plain.setSoTimeout(millis);
      Socket socket =
          port == 465
              ? ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(plain, host, port, true)
              : plain;
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      expect(in, "220", "greeting");
      send(out, "EHLO flowmesh.health");
      expect(in, "250", "EHLO");
      send(out, "NOOP");
      String reply = expect(in, "250", "NOOP");
      send(out, "QUIT");
      return reply;
    }
  }

  private static void send(OutputStream out, String command) throws IOException {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  // Reads a reply, including multi-line ones ("250-..." lines up to "250 ...").
  private static String expect(BufferedReader in, String code, String step) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("server closed the connection after " + step);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(code)) {
      String shown = line.length() > 80 ? line.substring(0, 80) : line;
      throw new IOException(step + " answered '" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'");
    }
    return line;
  }
}
