/** Command-line extensions: commands a plugin adds to nexcage and to the Gogo shell. */
@Version("1.0.0")
@Export
package nexcage.api.cli;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
