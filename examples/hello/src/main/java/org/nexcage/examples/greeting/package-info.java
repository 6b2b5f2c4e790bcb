/** The greeting other plugins may use; the shout example depends on it. (Plugins may not export packages under nexcage.*.) */
@Export
@Version("1.1.0")
package org.nexcage.examples.greeting;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
