package nexcage.core.internal.control;

import java.time.Duration;

import nexcage.core.internal.daemon.DaemonLog;

/**
 * What one control socket may cost the daemon. Without limits a connection that never finished
 * its request line was held forever, and every connection held a thread: 2,000 idle connections
 * made 2,035 threads.
 *
 * @param maxConnections connections served at once; one more is refused at once (exit status 3)
 * @param requestTimeout how long a connection may take to send its request line
 * @param maxRequestBytes the longest request line
 */
record ControlLimits(int maxConnections, Duration requestTimeout, int maxRequestBytes) {
    /**
     * The framework property (or {@code -D} in {@code NEXCAGE_JAVA_OPTS}) that raises the cap: a
     * user who keeps many long commands open at once ({@code logs -f}, attached runs, shells) can
     * need more than the default.
     */
    static final String MAX_CONNECTIONS_PROPERTY = "nexcage.max_connections";
    /**
     * Each connection holds up to two threads (its command and the reader of its signals), so 64
     * bounds the control socket to about 130 threads, far above the terminals a person keeps open.
     */
    static final int DEFAULT_MAX_CONNECTIONS = 64;
    /**
     * A constant: the nexcage client writes its request line as soon as it is connected, so only
     * a stuck or foreign client ever waits this long, and 10 s is ample on a loaded machine.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A constant: the request is a command line, which the kernel already limits to about 2 MB
     * (ARG_MAX) and real commands keep far below; 1 MiB bounds the daemon's buffer per connection.
     */
    static final int MAX_REQUEST_BYTES = 1 << 20;

    ControlLimits {
        if (maxConnections < 1 || maxRequestBytes < 1 || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("control limits must be positive");
        }
    }

    /** The defaults, with the connection cap from the framework property when it is set. */
    static ControlLimits from(String maxConnections, DaemonLog log) {
        int max = DEFAULT_MAX_CONNECTIONS;
        if (maxConnections != null && !maxConnections.isBlank()) {
            try {
                max = Integer.parseInt(maxConnections.trim());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1) {
                log.warn("control", MAX_CONNECTIONS_PROPERTY + "=" + maxConnections + " is not a whole number of at least 1; using "
                        + DEFAULT_MAX_CONNECTIONS);
                max = DEFAULT_MAX_CONNECTIONS;
            }
        }
        return new ControlLimits(max, REQUEST_TIMEOUT, MAX_REQUEST_BYTES);
    }
}
