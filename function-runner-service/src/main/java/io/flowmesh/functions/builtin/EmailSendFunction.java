package io.flowmesh.functions.builtin;

import io.flowmesh.functions.connection.Connection;
import io.flowmesh.functions.connection.ConnectionResolver;
import io.flowmesh.functions.execution.Invocation;
import io.flowmesh.ssrf.CheckedTarget;
import io.flowmesh.ssrf.ForbiddenTargetException;
import io.flowmesh.ssrf.SsrfGuard;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code email/send}: sends a message through the SMTP server of an {@code smtp} connection
 * (settings host, port, from, tls; secrets username, password). The SMTP host is user
 * configuration, so it passes the SSRF guard; without TLS the connection goes to the checked
 * address, with STARTTLS to the name (the certificate is checked against it).
 */
@Component
class EmailSendFunction implements BuiltinFunction {

  private final ConnectionResolver connections;
  private final SsrfGuard ssrf;

  EmailSendFunction(ConnectionResolver connections, SsrfGuard ssrf) {
    this.connections = connections;
    this.ssrf = ssrf;
  }

  @Override
  public String slug() {
    return "email/send";
  }

  @Override
  public Object apply(Invocation invocation) {
    JsonNode input = invocation.input();
    Connection smtp =
        connections.resolve(invocation.tenant(), input.path("connectionId").asString(), "smtp");
    JavaMailSenderImpl sender = sender(smtp, invocation.timeout().toMillis());
    String from = smtp.setting("from");
    if (from == null) {
      throw new FunctionFailure(
          "CONNECTION_INCOMPLETE", "the smtp connection has no 'from' setting", false);
    }
    try {
      MimeMessage message = sender.createMimeMessage();
      boolean html = input.hasNonNull("html");
      MimeMessageHelper helper = new MimeMessageHelper(message, html, "UTF-8");
      helper.setFrom(from);
      List<String> to = strings(input.path("to"));
      helper.setTo(to.toArray(String[]::new));
      List<String> cc = strings(input.path("cc"));
      if (!cc.isEmpty()) {
        helper.setCc(cc.toArray(String[]::new));
      }
      helper.setSubject(input.path("subject").asString());
      String text = input.path("text").asString("");
      if (html) {
        helper.setText(text, input.path("html").asString());
      } else {
        helper.setText(text);
      }
      sender.send(message);
      return Map.of("messageId", message.getMessageID(), "recipients", to.size() + cc.size());
    } catch (MessagingException e) {
      throw new FunctionFailure(
          "INPUT_INVALID", "the message is invalid: " + e.getMessage(), false);
    } catch (MailAuthenticationException e) {
      throw new FunctionFailure(
          "SMTP_AUTH_FAILED", "the SMTP server refused the connection's credentials", false);
    } catch (MailSendException e) {
      throw new FunctionFailure(
          "SMTP_SEND_FAILED", "the SMTP server did not accept the message", true);
    } catch (MailException e) {
      throw new FunctionFailure("SMTP_UNAVAILABLE", "the SMTP server could not be reached", true);
    }
  }

  private JavaMailSenderImpl sender(Connection smtp, long timeoutMillis) {
    String host = smtp.setting("host");
    int port;
    try {
      port = Integer.parseInt(smtp.setting("port") == null ? "587" : smtp.setting("port"));
    } catch (NumberFormatException e) {
      throw new FunctionFailure(
          "CONNECTION_INCOMPLETE", "the smtp connection's port is not a number", false);
    }
    if (host == null || host.isBlank()) {
      throw new FunctionFailure("CONNECTION_INCOMPLETE", "the smtp connection has no host", false);
    }
    boolean tls = Boolean.parseBoolean(smtp.setting("tls") == null ? "true" : smtp.setting("tls"));
    CheckedTarget target;
    try {
      // The guard checks http(s) URLs; the address rules are what matter here.
      target = ssrf.check(new URI("http", null, host, port, "/", null, null));
    } catch (ForbiddenTargetException | java.net.URISyntaxException e) {
      throw new FunctionFailure(
          "TARGET_FORBIDDEN", "SMTP host not allowed: " + e.getMessage(), false);
    }
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost(tls ? host : target.address().getHostAddress());
    sender.setPort(port);
    sender.setDefaultEncoding("UTF-8");
    Properties props = new Properties();
    String timeout = Long.toString(Math.max(1000, timeoutMillis));
    props.put("mail.smtp.connectiontimeout", timeout);
    props.put("mail.smtp.timeout", timeout);
    props.put("mail.smtp.writetimeout", timeout);
    if (tls) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    String username = smtp.secrets().get("username");
    if (username != null) {
      sender.setUsername(username);
      sender.setPassword(smtp.secrets().get("password"));
      props.put("mail.smtp.auth", "true");
    }
    sender.setJavaMailProperties(props);
    return sender;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
