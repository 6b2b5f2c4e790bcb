/** The greeting other plugins may use; the shout example depends on it. */
@Export
@Version("1.0.0")
package nexcage.example.hello.greeting;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
