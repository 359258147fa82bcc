package io.flowmesh.web;

import io.flowmesh.model.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a JSON request body that holds the NUL character (U+0000, which JSON sends escaped) with
 * a 400 problem naming where it is. PostgreSQL stores it in neither {@code text} nor {@code jsonb},
 * so such a value would otherwise reach a write and fail there as a 500, after the request's other
 * checks had passed. No Flowmesh value needs it: names, ids, inputs and event data are text.
 *
 * <p>The body is read once here (the gateway caps its size) and handed on unchanged. Only a body
 * whose bytes contain the escape is parsed again, to find the value; an escaped backslash followed
 * by {@code u0000} is text, not NUL, and passes.
 */
class NulCharacterFilter extends OncePerRequestFilter {

  private static final byte[] ESCAPE = "\\u0000".getBytes(StandardCharsets.US_ASCII);
  private static final JsonFactory JSON = new JsonFactory();
  private static final JsonMapper PROBLEMS = JsonMapper.builder().build();

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !isJson(request.getContentType());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    byte[] body = request.getInputStream().readAllBytes();
    String field = contains(body, ESCAPE) ? fieldHoldingNul(body) : null;
    if (field != null) {
      reject(response, field);
      return;
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  /**
   * @return where the first string holding NUL is ({@code triggerData.items[2].name}, {@code $} for
   *     the document itself), or null if there is none or the body is not JSON (its reader reports
   *     that)
   */
  static String fieldHoldingNul(byte[] body) {
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
      for (JsonToken token; (token = parser.nextToken()) != null; ) {
        if (token == JsonToken.PROPERTY_NAME && parser.currentName().indexOf('\0') >= 0) {
          return path(parser.streamReadContext().getParent()) + " (a property name)";
        }
        if (token == JsonToken.VALUE_STRING && parser.getString().indexOf('\0') >= 0) {
          return path(parser.streamReadContext());
        }
      }
      return null;
    } catch (JacksonException malformed) {
      return null;
    }
  }

  /** The context's path, in the form the other problems use: {@code nodes[2].config}. */
  private static String path(TokenStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
      if (at.inArray()) {
        parts.push("[" + Math.max(at.getCurrentIndex(), 0) + "]");
      } else if (at.currentName() != null) {
        parts.push("." + at.currentName());
      }
    }
    String path = String.join("", parts);
    return path.isEmpty() ? "$" : path.startsWith(".") ? path.substring(1) : path;
  }

  private static void reject(HttpServletResponse response, String field) throws IOException {
    String message =
        "holds the NUL character (\\u0000), which no Flowmesh value may contain; remove it";
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", ProblemTypes.VALIDATION.toString());
    problem.put("title", HttpStatus.BAD_REQUEST.getReasonPhrase());
    problem.put("status", HttpStatus.BAD_REQUEST.value());
    problem.put("detail", field + ": " + message);
    problem.put("errors", List.of(Map.of("field", field, "message", message)));
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(PROBLEMS.writeValueAsBytes(problem));
  }

  /** JSON as media types say it: {@code application/json} or any {@code +json} type. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static boolean contains(byte[] body, byte[] part) {
    outer:
    for (int i = 0; i <= body.length - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (body[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The request with its body already read: served again to whoever reads it next. */
  private static final class ReadBody extends HttpServletRequestWrapper {

    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream bytes = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body has been read already");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
