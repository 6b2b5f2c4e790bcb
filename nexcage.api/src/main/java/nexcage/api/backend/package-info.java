/** Container backends: the engines that run containers (Docker, ...). */
@Version("1.3.0")
@Export
package nexcage.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
