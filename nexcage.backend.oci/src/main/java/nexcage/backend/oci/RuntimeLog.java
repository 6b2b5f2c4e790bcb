package nexcage.backend.oci;

/** The OCI runtime's own error log, as crun and runc write it (plain lines or logrus/JSON lines with a "msg"). */
final class RuntimeLog {
    private RuntimeLog() {
    }

    /** The last message of the log, on one line. */
    static String brief(String log) {
        String last = log.strip().lines().reduce((a, b) -> b).orElse("").strip();
        int msg = last.indexOf("\"msg\":\"");
        if (msg >= 0) {
            int end = last.indexOf('"', msg + 7);
            last = last.substring(msg + 7, end < 0 ? last.length() : end);
        }
        return last.length() > 300 ? last.substring(0, 297) + "..." : last;
    }
}
