/** Integration extensions: connections to outside services. */
@Version("1.1.0")
@Export
package nexcage.api.integration;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
