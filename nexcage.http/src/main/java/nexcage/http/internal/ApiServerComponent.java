package nexcage.http.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import nexcage.api.hooks.HookDispatcher;
import nexcage.core.admin.CommandLine;
import nexcage.core.admin.SecurityCheck;
import nexcage.http.internal.config.ApiConfig;
import nexcage.http.internal.config.JettyProperties;
import nexcage.http.internal.config.PemKeyStore;
import nexcage.http.internal.config.PortProbe;
import nexcage.http.internal.config.TokenFile;
import nexcage.http.internal.guard.RequestGuard;

/**
 * Serves the HTTP API while {@code runtime.api.listen} is set (configuration PID {@value #PID},
 * which the core fills from config.yaml): registers the API's servlet context and servlet with the
 * whiteboard, configures Felix HTTP Jetty's one connector (PID {@code org.apache.felix.http}) and
 * starts Jetty the first time. A changed setting rebinds; a value that cannot be served (a taken
 * port, a missing certificate) is one error line and leaves the API off, the daemon running on.
 */
@Component(configurationPid = ApiServerComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
public class ApiServerComponent {
    public static final String PID = "nexcage.http";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final CommandLine commands;
    private final RequestGuard guard;
    private final Logger log;
    private ApiConfig served;
    private ServiceRegistration<?> helper;
    private ServiceRegistration<?> servlet;
    private boolean jettyConfigured;

    @Activate
    public ApiServerComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin, @Reference CommandLine commands,
            @Reference SecurityCheck security,
            @Reference(target = "(objectClass=nexcage.hooks.admin.HookAdmin)") HookDispatcher hooks,
            @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.commands = commands;
        this.log = log;
        this.guard = new RequestGuard("", hooks, security);
        modified(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        ApiConfig next;
        try {
            next = ApiConfig.of(properties);
        } catch (IllegalArgumentException e) {
            log.error("{}; the HTTP API is off meanwhile", e.getMessage());
            close(false);
            return;
        }
        if (Objects.equals(next, served)) {
            return;
        }
        if (next == null) {
            close(true);
            return;
        }
        String problem = serve(next);
        if (problem != null) {
            // one line says it all: the API is off until the setting is fixed
            log.error("{}; the HTTP API is off meanwhile", problem);
            close(false);
        }
    }

    /** Null once the API is being served at {@code c}, else why it cannot be. */
    private String serve(ApiConfig c) {
        boolean sameAddress = served != null && served.host().equals(c.host()) && served.port() == c.port();
        String taken = sameAddress ? null : PortProbe.problem(c.host(), c.port());
        if (taken != null) {
            return "runtime.api.listen " + c.listen() + ": cannot listen there (" + taken
                    + "); pick a free port and run 'nexcage config reload'";
        }
        try {
            guard.token(TokenFile.loadOrCreate(c.stateDir()));
        } catch (IOException e) {
            return "runtime.api: cannot keep the API token in " + c.stateDir().resolve(TokenFile.NAME) + " (" + e.getMessage() + "); check the state directory";
        }
        Map<String, Object> jetty;
        if (c.tls()) {
            String password = newPassword();
            try {
                Path ks = PemKeyStore.write(c.tlsCert(), c.tlsKey(), c.stateDir().resolve(PemKeyStore.NAME), password.toCharArray());
                jetty = JettyProperties.on(c, ks, password);
            } catch (PemKeyStore.Unusable e) {
                return e.getMessage();
            }
        } else {
            jetty = JettyProperties.on(c, null, null);
        }
        register();
        String failed = configureJetty(jetty);
        if (failed == null) {
            failed = JettyStarter.ensureStarted(context);
        }
        if (failed != null) {
            return failed;
        }
        served = c;
        log.info("serving the HTTP API on {}://{}/v1/ (bearer token in {})", c.scheme(), c.listen(), c.stateDir().resolve(TokenFile.NAME));
        return null;
    }

    private void register() {
        if (helper != null) {
            return;
        }
        Dictionary<String, Object> h = new Hashtable<>();
        h.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, HttpWhiteboardConstants.HTTP_WHITEBOARD_DEFAULT_CONTEXT_NAME);
        h.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, "/");
        h.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        helper = context.registerService(ServletContextHelper.class, new ApiContextHelper(context.getBundle(), guard), h);
        Dictionary<String, Object> s = new Hashtable<>();
        s.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/v1/*");
        s.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "nexcage-api");
        s.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        servlet = context.registerService(Servlet.class, new ApiServlet(commands), s);
    }

    private String configureJetty(Map<String, Object> props) {
        try {
            configAdmin.getConfiguration(JettyProperties.PID, "?").update(new Hashtable<>(props));
            jettyConfigured = true;
            return null;
        } catch (IOException e) {
            return "runtime.api: cannot configure Felix HTTP Jetty (" + e.getMessage() + "); see the daemon log";
        }
    }

    private static String newPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Deactivate
    synchronized void deactivate() {
        close(true);
    }

    /** Takes the API's servlets away and closes Jetty's connector; {@code say} whether to log that it is off. */
    private void close(boolean say) {
        if (servlet != null) {
            servlet.unregister();
            helper.unregister();
            servlet = null;
            helper = null;
        }
        if (jettyConfigured) {
            configureJetty(JettyProperties.off());
            jettyConfigured = false;
        }
        if (served != null && say) {
            log.info("the HTTP API on {} is off", served.listen());
        }
        served = null;
    }
}
