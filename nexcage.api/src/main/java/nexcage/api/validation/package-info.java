/** Input validation with the rules of the original NexCage engine. */
@Version("1.0.0")
@Export
package nexcage.api.validation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
