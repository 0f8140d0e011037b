package io.grapevine.core.console;

import io.grapevine.core.GrapevineCore;
import io.grapevine.core.NodeStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Web Console's Grapevine tab at {@code /system/console/grapevine}. */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=grapevine",
    "felix.webconsole.title=Grapevine",
    "felix.webconsole.category=Grapevine"
})
public class GrapevineConsolePlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;

    private final transient GrapevineCore core;

    @Activate
    public GrapevineConsolePlugin(@Reference GrapevineCore core) {
        this.core = core;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        NodeStatus status = core.status();
        PrintWriter out = response.getWriter();
        out.println("<div id='grapevine-status'>");
        out.println("<table class='nicetable'><thead><tr><th colspan='2'>This node</th></tr></thead><tbody>");
        row(out, "Node id", status.nodeId());
        row(out, "Address", status.address());
        row(out, "Uptime", (status.uptimeMs() / 1000) + " s");
        row(out, "Deployment", status.deployment() == null ? "(none yet)" : status.deployment());
        row(out, "Rendezvous", status.rendezvous().isEmpty() ? "(none)" : String.join(", ", status.rendezvous()));
        out.println("</tbody></table>");
        out.println("<table class='nicetable'><thead><tr><th>Module</th><th>Version</th><th>SHA-256</th>"
                + "<th>Changed at</th><th>State</th></tr></thead><tbody>");
        if (status.modules().isEmpty()) {
            out.println("<tr><td colspan='5'>No module deployed.</td></tr>");
        }
        for (NodeStatus.ModuleStatus m : status.modules()) {
            out.println("<tr><td>" + Html.escape(m.name()) + "</td><td>" + Html.escape(m.version())
                    + "</td><td title='" + Html.escape(m.sha256()) + "'>" + Html.escape(m.sha256().substring(0, 12))
                    + "</td><td>" + Html.escape(m.deployment()) + "</td><td>" + Html.escape(m.state())
                    + (m.reason() == null ? "" : ": " + Html.escape(m.reason())) + "</td></tr>");
        }
        out.println("</tbody></table></div>");
    }

    private static void row(PrintWriter out, String key, String value) {
        out.println("<tr><td>" + Html.escape(key) + "</td><td>" + Html.escape(value) + "</td></tr>");
    }
}
