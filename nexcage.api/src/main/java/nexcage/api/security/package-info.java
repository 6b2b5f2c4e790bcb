/** Security extensions: authentication, authorization and audit. */
@Version("1.0.0")
@Export
package nexcage.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
