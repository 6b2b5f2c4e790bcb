package nexcage.security.internal.hiding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HidingRulesTest {

    @Test
    void aServiceWithAHiddenInterfaceIsHiddenWhoeverRegisteredIt() {
        assertThat(ServiceVisibility.hidden(new String[] {"org.osgi.service.cm.ConfigurationAdmin"}, false)).isTrue();
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.api.backend.ContainerBackend", "nexcage.api.PluginLifecycle"}, false))
                .isTrue();
        // an API interface does not make a hidden one visible
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.api.hooks.HookDispatcher", "nexcage.hooks.admin.HookAdmin"}, true))
                .isTrue();
    }

    @Test
    void theCoresServicesAreHiddenUnlessTheyAreInTheApi() {
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.core.internal.daemon.Daemon"}, true)).isTrue();
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.api.containers.Containers"}, true)).isFalse();
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.api.Thing", "nexcage.core.internal.X"}, true)).isFalse();
        // another bundle's service with no API interface stays visible (e.g. a plugin's own service)
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.example.audit.AuditLog"}, false)).isFalse();
    }

    @Test
    void theAccountingBundleIsHiddenAsTheOtherRuntimeBundlesAre() {
        // its service, whoever registered it, and every other service of the bundle outside nexcage.api
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.accounting.admin.PluginAccounting"}, false)).isTrue();
        assertThat(PluginBundles.CORE).contains("nexcage.accounting");
        assertThat(nexcage.security.admin.HiddenFromPlugins.isHiddenPackage("nexcage.accounting.admin")).isTrue();
        assertThat(nexcage.security.admin.HiddenFromPlugins.isHiddenPackage("nexcage.accounting.internal")).isFalse();
    }

    @Test
    void theMetricsBundleAndTheCoreFiguresAreHiddenAsTheOtherRuntimeBundlesAre() {
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.core.admin.RuntimeFigures"}, false)).isTrue();
        assertThat(PluginBundles.CORE).contains("nexcage.metrics");
        assertThat(nexcage.security.admin.HiddenFromPlugins.isHiddenPackage("nexcage.metrics.internal")).isTrue();
        assertThat(nexcage.security.admin.HiddenFromPlugins.isHiddenPackage("nexcage.core.admin")).isTrue();
    }

    @Test
    void theSandboxBridgeIsHiddenAsTheOtherRuntimeBundlesAre() {
        assertThat(ServiceVisibility.hidden(new String[] {"nexcage.sandbox.bridge.SandboxBridge"}, false)).isTrue();
        assertThat(PluginBundles.CORE).contains("nexcage.sandbox.bridge");
        assertThat(nexcage.security.admin.HiddenFromPlugins.isHiddenPackage("nexcage.sandbox.bridge")).isTrue();
        assertThat(nexcage.security.admin.HiddenFromPlugins.isHiddenPackage("nexcage.sandbox.bridge.internal")).isTrue();
    }

    @Test
    void theAskedClassIsTheNameElseTheFiltersObjectClass() {
        assertThat(AskedClass.of("a.B", "(x=y)")).isEqualTo("a.B");
        assertThat(AskedClass.of(null, "(objectClass=org.osgi.service.cm.ConfigurationAdmin)"))
                .isEqualTo("org.osgi.service.cm.ConfigurationAdmin");
        assertThat(AskedClass.of(null, "(&(OBJECTCLASS=a.B)(x=1))")).isEqualTo("a.B");
        assertThat(AskedClass.of(null, "(objectClass=org.osgi.*)")).isNull();
        assertThat(AskedClass.of(null, "(x=1)")).isNull();
        assertThat(AskedClass.of(null, null)).isNull();
    }
}
