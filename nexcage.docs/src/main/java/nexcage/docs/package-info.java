/** The plugin guide's code blocks, read for the tests that compile and run them. */
@Version("1.0.0")
@Export
package nexcage.docs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
