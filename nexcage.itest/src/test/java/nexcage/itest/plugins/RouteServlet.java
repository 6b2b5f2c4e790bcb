package nexcage.itest.plugins;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Plugin code packed by HttpApiIT: answers {@code route of PLUGIN}. */
public final class RouteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String plugin;

    public RouteServlet(String plugin) {
        this.plugin = plugin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print("route of " + plugin);
    }
}
