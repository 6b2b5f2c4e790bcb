package nexcage.itest;

import nexcage.testkit.PluginJar;

/**
 * Plugin files made inside the framework by the integration tests. Their code comes from this
 * module's test sources (package {@code nexcage.itest.plugins}), copied byte for byte from the
 * test bundle's own class path, so no compiler is needed inside the framework.
 */
final class PluginJars {
    /** Where the classes plugins are made of live in this module's test sources. */
    static final String PLUGIN_CLASSES = "nexcage.itest.plugins.";

    private PluginJars() {
    }

    /** A minimal valid plugin of the integration tests' corpus, symbolic name {@code itest.corpus.SLUG}. */
    static PluginJar plugin(String name, String slug) {
        return PluginJar.corpusPlugin(name, "itest.corpus", slug, "integration tests'");
    }

    /** Adds the classes {@code nexcage.itest.plugins.SIMPLE_NAME} to {@code jar}. */
    static PluginJar withClasses(PluginJar jar, String... simpleNames) {
        for (String n : simpleNames) {
            jar.classFrom(PluginJars.class.getClassLoader(), PLUGIN_CLASSES + n);
        }
        return jar;
    }
}
