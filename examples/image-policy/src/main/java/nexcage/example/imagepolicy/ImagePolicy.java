package nexcage.example.imagepolicy;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.security.SecurityExtension;

/**
 * Allows a container operation only when its container's image matches the {@code allow} globs.
 * The runtime names the resource {@code ID IMAGE}; one without an image is refused, as is every
 * action that is not a container's. Anyone the runtime vouches for is a principal: the policy is
 * about images, not users. Each decision is one line in the plugin's log ({@code nexcage logs
 * --plugin image-policy}).
 */
@Component(service = {SecurityExtension.class, PluginLifecycle.class}, configurationPid = ImagePolicyConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ImagePolicyConfig.class)
public class ImagePolicy implements SecurityExtension, PluginLifecycle {
    private volatile ImageGlobs allowed = ImageGlobs.parse("");
    private volatile PluginContext context;

    @Activate
    @Modified
    void configure(ImagePolicyConfig config) {
        allowed = ImageGlobs.parse(config.allow());
    }

    @Override
    public void init(PluginContext context) {
        this.context = context;
        context.log("info", allowed.isEmpty() ? "no image is allowed: set plugins.image-policy.config.allow, e.g. \"busybox:*\""
                : "container operations are allowed on images matching " + allowed);
    }

    @Override
    public void deinit(PluginContext context) {
        this.context = null;
    }

    @Override
    public HealthStatus healthCheck(PluginContext context) {
        return HealthStatus.HEALTHY;
    }

    @Override
    public String name() {
        return "image-policy";
    }

    @Override
    public String authenticate(Map<String, String> credentials) {
        String user = credentials.get("user");
        return user == null || user.isEmpty() ? credentials.getOrDefault("source", "unknown") : user;
    }

    @Override
    public boolean authorize(String principal, String action, String resource) {
        if (action == null || !action.startsWith("container.") || resource == null) {
            return false;
        }
        int space = resource.indexOf(' ');
        return space > 0 && allowed.allows(resource.substring(space + 1));
    }

    @Override
    public void audit(String principal, String action, String resource, boolean allowed) {
        PluginContext c = context;
        if (c != null) {
            c.log("info", "audit: " + (allowed ? "allowed " : "refused ") + principal + " " + action + " " + resource);
        }
    }
}
