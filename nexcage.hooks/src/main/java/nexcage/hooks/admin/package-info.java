/**
 * The hook dispatcher's admin side, for the core only ({@code nexcage hooks list},
 * {@code plugin stats}); plugins must not see it (the core hides it with a service hook).
 */
@Version("1.0.0")
@Export
package nexcage.hooks.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
