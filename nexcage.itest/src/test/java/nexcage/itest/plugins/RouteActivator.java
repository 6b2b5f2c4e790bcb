package nexcage.itest.plugins;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import jakarta.servlet.Servlet;

/**
 * Plugin code packed by HttpApiIT: a whiteboard servlet at the pattern its bundle's {@code Route}
 * header names, answering {@code route of PLUGIN}.
 */
public final class RouteActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", context.getBundle().getHeaders().get("Route"));
        context.registerService(Servlet.class, new RouteServlet(context.getBundle().getHeaders().get("NexCage-Plugin-Name")), props);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
