/** Monitoring extensions: metrics collection, export and alerts. */
@Version("1.0.0")
@Export
package nexcage.api.monitoring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
