/**
 * The conformance cases every {@link nexcage.api.backend.ContainerBackend} passes: a backend
 * plugin's own test extends {@link nexcage.plugintest.backend.BackendConformance}, names its
 * backend and a busybox image, and runs the same create, start, exec, logs, stop, kill, delete,
 * exit code and error cases as NexCage's own backends, on the real engine.
 */
@Version("1.0.0")
@Export
package nexcage.plugintest.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
