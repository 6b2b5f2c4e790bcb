/**
 * Engines a test starts and stops itself, beside the shared Docker engine it never touches: a
 * Podman service on a socket of its own ({@link PodmanService}) and a second dockerd listening
 * on 127.0.0.1 with TLS, its certificates made with openssl ({@link TlsDockerd}). Each keeps
 * everything (storage, state, sockets, certificates) under one folder the test gives it.
 */
@Version("1.0.0")
@Export
package nexcage.testkit.engines;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
