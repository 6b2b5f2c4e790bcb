package nexcage.core.internal.control;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One request line of the control protocol: {@code {"argv": [...], "cwd": "...", "tty": false}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlRequest(List<String> argv, String cwd, boolean tty, String mode) {

    boolean shell() {
        return "shell".equals(mode);
    }
}
