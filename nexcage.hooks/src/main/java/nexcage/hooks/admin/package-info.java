/**
 * The hook dispatcher's admin side, for the core only ({@code nexcage hooks list},
 * {@code plugin stats}); plugins should not see it; hiding it with a service hook comes with capability enforcement (DESIGN §5), not done yet.
 */
@Version("1.0.0")
@Export
package nexcage.hooks.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
