package io.grapevine.console;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request and a response with only what the console's security provider asks of them. */
final class FakeHttp {
    /** The browser's side: its session (null until the server makes one) and its cookies. */
    HttpSession session;
    final Map<String, String> cookies = new LinkedHashMap<>();
    String remoteAddr = "192.0.2.7";

    /** What the last response was. */
    int status = 200;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    HttpServletRequest request(String method, Map<String, String> requestHeaders) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> requestHeaders.get((String) args[0]);
                    case "getScheme" -> "http";
                    case "getServerName" -> "127.0.0.1";
                    case "getServerPort" -> 8080;
                    case "isSecure" -> false;
                    case "getContextPath" -> "";
                    case "getServletPath" -> "/system/console";
                    case "getRemoteAddr" -> remoteAddr;
                    case "getContentLengthLong" -> -1L;
                    case "getCookies" -> cookies.isEmpty() ? null : cookies.entrySet().stream()
                            .map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new);
                    case "getSession" -> {
                        if (session == null && (args == null || (Boolean) args[0])) {
                            session = FakeSession.create();
                        }
                        yield session;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    HttpServletResponse response() {
        status = 200;
        headers.clear();
        body.reset();
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                    case "addHeader" -> {
                        headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                        yield null;
                    }
                    case "setContentType", "setContentLength", "flushBuffer" -> null;
                    case "getOutputStream" -> new ServletOutputStream() {
                        @Override
                        public void write(int b) {
                            body.write(b);
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                        }
                    };
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }
}
