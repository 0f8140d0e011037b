package io.grapevine.core.http;

import io.grapevine.core.GrapevineCore;
import io.grapevine.core.Json;
import io.grapevine.core.config.CanonicalJson;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** The core's REST API under {@code /core}. Routes by method and path; bodies are JSON. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/core/*")
public class CoreServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient GrapevineCore core;

    @Activate
    public CoreServlet(@Reference GrapevineCore core) {
        this.core = core;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        switch (path) {
            case "/status" -> onlyGet(method, response, () -> Json.GSON.toJson(core.status()));
            case "/config" -> onlyGet(method, response, () -> CanonicalJson.write(core.configuration()));
            default -> HttpReplies.error(response, 404, "no such resource: /core" + path);
        }
    }

    private static void onlyGet(String method, HttpServletResponse response, JsonBody body) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            HttpReplies.error(response, 405, "method " + method + " not allowed here");
            return;
        }
        HttpReplies.json(response, 200, body.render());
    }

    @FunctionalInterface
    private interface JsonBody {
        String render();
    }

}
