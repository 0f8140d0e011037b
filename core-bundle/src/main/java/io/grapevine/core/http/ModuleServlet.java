package io.grapevine.core.http;

import io.grapevine.api.ModuleRequest;
import io.grapevine.api.ModuleResponse;
import io.grapevine.core.GrapevineCore;
import io.grapevine.core.modules.ModuleThread.ModuleCallException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * HTTP demultiplexing (the paper's Figure 2): {@code /<module-name>/...} goes to that module's
 * request handler, on the module's thread. {@code /core} has its own, more specific servlet.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
public class ModuleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int MAX_REQUEST_BYTES = 1 << 20;

    private final transient GrapevineCore core;

    @Activate
    public ModuleServlet(@Reference GrapevineCore core) {
        this.core = core;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        String module = slash < 0 ? rest : rest.substring(0, slash);
        String below = slash < 0 ? "" : rest.substring(slash);
        if (request.getContentLengthLong() > MAX_REQUEST_BYTES) {
            HttpReplies.error(response, 413, "request body over " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            HttpReplies.error(response, 413, "request body over " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((key, values) -> query.put(key, values.length == 0 ? "" : values[0]));
        ModuleRequest moduleRequest = new ModuleRequest(request.getMethod(), below, query, body);
        Optional<ModuleResponse> answer;
        try {
            answer = core.modules().route(module, moduleRequest,
                    Duration.ofMillis(core.settings().moduleCallTimeoutMs()));
        } catch (ModuleCallException e) {
            HttpReplies.error(response, e.getMessage().contains("did not return") ? 503 : 500,
                    "module " + module + ": " + e.getMessage());
            return;
        }
        if (answer.isEmpty()) {
            HttpReplies.error(response, 404, module.isEmpty() ? "no module named in the path"
                    : "no running module " + module + " serves requests here");
            return;
        }
        ModuleResponse reply = answer.get();
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setContentLength(reply.body().length);
        response.getOutputStream().write(reply.body());
    }
}
