package nexcage.e2e.integrations;

import nexcage.e2e.integrations.fixture.EchoIntegration;
import nexcage.testkit.PluginJar;

/** The echo-integration fixture plugin, packed from the test's own class (in-process and sandboxed tests share it). */
public final class EchoIntegrationJar {
    private EchoIntegrationJar() {
    }

    public static PluginJar build() {
        PluginJar jar = PluginJar.corpusPlugin("echo-integration", "e2e.fixture", "echo", "integration tests")
                .header("Bundle-Activator", EchoIntegration.class.getName())
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.integration;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"");
        jar.classFrom(EchoIntegration.class.getClassLoader(), EchoIntegration.class.getName());
        return jar;
    }
}
