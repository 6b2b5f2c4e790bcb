/**
 * Test helpers shared by NexCage's test suites: plugin files made on the spot, a socket proxy
 * that lets a test take the Docker engine away and give it back, both ends of a Unix socket
 * connection, and a reader of the control protocol's frames. Exported so that the Pax Exam tests
 * can install this bundle into their framework.
 */
@Version("1.2.0")
@Export
package nexcage.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
