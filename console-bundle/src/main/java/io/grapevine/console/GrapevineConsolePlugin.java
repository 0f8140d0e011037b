package io.grapevine.console;

import io.grapevine.core.admin.Event;
import io.grapevine.core.admin.GrapevineAdmin;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Web Console's Grapevine tab at {@code /system/console/grapevine}, behind the console's login
 * ({@link ConsoleSecurity}). A GET renders the page inside the console's frame ({@link ConsolePage}); a POST, which
 * the console hands straight to this servlet, is an action ({@link ConsoleActions}). Everything it
 * shows or does goes through the core's {@link GrapevineAdmin} service.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=grapevine",
    "felix.webconsole.title=Grapevine",
    "felix.webconsole.category=Grapevine",
    // Linked from the console's head; the console puts its root before it, and this servlet serves res/.
    "felix.webconsole.css=/grapevine/res/grapevine.css"
})
public class GrapevineConsolePlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    private static final int REVERTED_SHOWN = 5;

    private final transient GrapevineAdmin admin;
    private final transient ConsoleActions actions;

    @Activate
    public GrapevineConsolePlugin(@Reference GrapevineAdmin admin) {
        this.admin = admin;
        this.actions = new ConsoleActions(admin);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        // The session (and its cookie) must exist before the console starts writing its frame.
        request.getSession(true);
        super.doGet(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        actions.post(request, response, pluginRoot(request));
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        List<Event> reverted = admin.events().stream()
                .filter(e -> e.type().equals(Event.OUTSIDE_CHANGE_REVERTED)).toList();
        ConsolePage.View view = new ConsolePage.View(admin.status(), admin.history(), pluginRoot(request),
                CsrfToken.of(session), ConsoleActions.result(session, request.getParameter(ConsoleActions.RESULT)),
                admin.maxBundleBytes(), reverted.subList(Math.max(0, reverted.size() - REVERTED_SHOWN),
                        reverted.size()), admin.deployerKeyId());
        response.getWriter().print(ConsolePage.render(view));
    }

    private static String pluginRoot(HttpServletRequest request) {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        return root instanceof String path ? path : "/system/console/grapevine";
    }
}
