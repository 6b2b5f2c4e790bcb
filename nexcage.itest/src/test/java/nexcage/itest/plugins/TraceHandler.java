package nexcage.itest.plugins;

import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;

/**
 * Appends its tag to the dispatch's {@code trace} metadata (comma-separated), so the metadata of
 * the result shows which handlers ran, in order. The fire's metadata steers it: when
 * {@code throw} names its tag it throws (before tracing); when {@code veto} names its tag it
 * traces and then vetoes with the reason {@code "itest veto by TAG"}.
 */
public class TraceHandler implements HookHandler {
    private final String tag;

    public TraceHandler(String tag) {
        this.tag = tag;
    }

    @Override
    public void handle(HookContext context) {
        if (tag.equals(context.metadata("throw").orElse(null))) {
            throw new IllegalStateException("itest handler " + tag + " throws");
        }
        String trace = context.metadata("trace").orElse("");
        context.putMetadata("trace", trace.isEmpty() ? tag : trace + "," + tag);
        if (tag.equals(context.metadata("veto").orElse(null))) {
            context.veto("itest veto by " + tag);
        }
    }
}
