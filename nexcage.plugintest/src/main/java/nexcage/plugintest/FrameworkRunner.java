package nexcage.plugintest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/** Starts Felix with the runtime's bundles and the properties runtime.bndrun gives them. */
final class FrameworkRunner {
    /** runtime.bndrun: every runtime bundle at level 10, the framework at 30 (plugins start at 25). */
    static final int RUNTIME_START_LEVEL = 10;
    static final int FRAMEWORK_START_LEVEL = 30;

    private FrameworkRunner() {
    }

    /** The framework properties of runtime.bndrun's -runproperties, plus NexCage's paths. */
    static Map<String, String> properties(Path work, Path socket) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, work.resolve("framework").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(FRAMEWORK_START_LEVEL));
        p.put("felix.startlevel.bundle", String.valueOf(RUNTIME_START_LEVEL));
        // as runtime.bndrun's -runsystempackages: the socket's peer credentials, the accounting, /metrics
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "jdk.net,com.sun.management,com.sun.net.httpserver");
        p.put("felix.cm.pm", "memory");
        // as runtime.bndrun: Felix HTTP opens no port until NexCage's HTTP API configures it
        p.put("org.apache.felix.http.enable", "false");
        p.put("org.apache.felix.https.enable", "false");
        p.put("org.apache.felix.http.require.config", "true");
        p.put("gosh.args", "--nointeractive");
        p.put("felix.log.level", "1");
        p.put("ds.loglevel", "warn");
        p.put("nexcage.log.level", "warn");
        p.put("nexcage.home", work.resolve("home").toString());
        p.put("nexcage.state", work.resolve("state").toString());
        p.put("nexcage.socket", socket.toString());
        return p;
    }

    static Framework start(List<Path> bundles, Map<String, String> properties) throws BundleException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FrameworkRunner.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the test class path; add the test dependency"
                        + " org.nexcage:nexcage.plugintest, which brings Apache Felix"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        try {
            for (Path jar : bundles) {
                Bundle b = framework.getBundleContext().installBundle(jar.toUri().toString());
                b.adapt(BundleStartLevel.class).setStartLevel(RUNTIME_START_LEVEL);
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            framework.start();
        } catch (BundleException | RuntimeException e) {
            framework.stop();
            throw e;
        }
        return framework;
    }
}
