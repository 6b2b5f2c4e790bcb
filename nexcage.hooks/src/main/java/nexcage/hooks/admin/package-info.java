/**
 * The hook dispatcher's admin side, for the core only ({@code nexcage hooks list},
 * {@code plugin stats}). nexcage.security hides it from plugins, and refuses them this package (DESIGN §5).
 */
@Version("1.1.0")
@Export
package nexcage.hooks.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
