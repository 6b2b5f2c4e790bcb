package {{package}};

import org.osgi.service.component.annotations.Component;

import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookNames;

/**
 * A hook handler for {@code container.pre_create}: it vetoes images whose name contains
 * "forbidden" and marks the others as checked for the handlers after it ({@code nexcage hooks list}
 * shows it with its statistics).
 */
@Component(property = {HookHandler.HOOK + "=" + HookNames.CONTAINER_PRE_CREATE, HookHandler.PRIORITY + "=normal"})
public class {{className}} implements HookHandler {

    @Override
    public void handle(HookContext context) {
        String image = context.metadata("image").orElse("");
        if (image.contains("forbidden")) {
            context.veto("the image " + image + " is forbidden here; use another image");
        } else {
            context.putMetadata("{{name}}.checked", "true");
        }
    }
}
