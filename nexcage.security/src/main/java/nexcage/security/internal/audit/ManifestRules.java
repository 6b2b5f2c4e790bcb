package nexcage.security.internal.audit;

import static nexcage.security.admin.AuditSeverity.HIGH;

import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;

import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Processor;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.HiddenFromPlugins;

/**
 * The headers no plugin may have, whatever it declares: {@code DynamicImport-Package} (it would wire
 * to any package, hidden ones included, at run time), {@code Fragment-Host} (a fragment runs inside
 * its host, a runtime bundle), {@code Bundle-NativeCode}, and imports of the packages hidden from
 * plugins. Their findings name no class and no method.
 */
final class ManifestRules {

    private ManifestRules() {
    }

    static List<AuditFinding> check(Attributes main) {
        List<AuditFinding> found = new ArrayList<>();
        header(found, main, "DynamicImport-Package", "dynamic_import",
                "imports packages at run time, which could wire to the runtime's hidden packages");
        header(found, main, "Fragment-Host", "fragment_host",
                "is a fragment, whose code would run inside its host bundle");
        header(found, main, "Bundle-NativeCode", "native_code", "loads native code");
        String imports = main.getValue("Import-Package");
        if (imports != null) {
            Parameters packages = OSGiHeader.parseHeader(imports);
            for (String key : packages.keySet()) {
                String pkg = Processor.removeDuplicateMarker(key);
                if (HiddenFromPlugins.isHiddenPackage(pkg)) {
                    found.add(new AuditFinding("hidden_import", null, HIGH, null, null,
                            "Import-Package: " + pkg + " is a package hidden from plugins; remove the import"));
                }
            }
        }
        return found;
    }

    private static void header(List<AuditFinding> found, Attributes main, String name, String rule, String why) {
        String value = main.getValue(name);
        if (value != null) {
            found.add(new AuditFinding(rule, null, HIGH, null, null,
                    name + ": " + value + " — the plugin " + why + "; remove the header"));
        }
    }
}
