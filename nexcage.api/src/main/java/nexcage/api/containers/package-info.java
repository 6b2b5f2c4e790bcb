/**
 * Containers for plugins: the same container layer the {@code nexcage} commands use (routing to a
 * backend, the {@code container.*} hooks and their vetoes, NexCage's labels), each operation
 * guarded by its {@code container_*} capability. Plugins never call a backend directly: backends
 * are hidden from them.
 */
@Version("1.0.0")
@Export
package nexcage.api.containers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
