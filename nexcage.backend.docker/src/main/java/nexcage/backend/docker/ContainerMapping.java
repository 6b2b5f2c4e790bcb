package nexcage.backend.docker;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ManagedLabels;

/** Between NexCage's view of a container and the engine's: the create request, and the answers of inspect and list. */
final class ContainerMapping {
    private static final Pattern EXITED = Pattern.compile("(?i)^exited \\((-?\\d+)\\)");

    private ContainerMapping() {
    }

    /**
     * The body of {@code POST /containers/create}: the spec's labels as they are, no TTY, stdout
     * and stderr attachable, an init process so that signals reach the command, and the spec's
     * network (none or host) when it asks for one.
     */
    static Map<String, Object> containerConfig(ContainerSpec spec) {
        Map<String, Object> config = containerConfig(spec.image(), spec.command(), spec.labels(), spec.autoRemove());
        if (spec.network() != null) {
            // none and host are the engine's own network modes of the same names
            @SuppressWarnings("unchecked")
            Map<String, Object> hostConfig = (Map<String, Object>) config.get("HostConfig");
            hostConfig.put("NetworkMode", spec.network());
        }
        return config;
    }

    static Map<String, Object> containerConfig(String image, List<String> command, Map<String, String> labels, boolean autoRemove) {
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("Init", true);
        hostConfig.put("AutoRemove", autoRemove);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", image);
        if (!command.isEmpty()) {
            config.put("Cmd", List.copyOf(command));
        }
        config.put("Labels", labels);
        config.put("Tty", false);
        config.put("AttachStdout", true);
        config.put("AttachStderr", true);
        config.put("HostConfig", hostConfig);
        return config;
    }

    static ContainerStatus status(String engineState) {
        if (engineState == null) {
            return ContainerStatus.UNKNOWN;
        }
        return switch (engineState.toLowerCase(Locale.ROOT)) {
            case "created", "configured" -> ContainerStatus.CREATED;
            case "running", "restarting" -> ContainerStatus.RUNNING;
            case "paused" -> ContainerStatus.PAUSED;
            case "exited", "dead", "removing", "stopped" -> ContainerStatus.STOPPED;
            default -> ContainerStatus.UNKNOWN;
        };
    }

    /** A container just created: everything an inspect would say of it is known already. */
    static ContainerInfo created(ContainerSpec spec, String engineId) {
        return new ContainerInfo(spec.id(), engineId, spec.image(), ContainerStatus.CREATED, DockerBackend.NAME, Instant.now(), 0,
                null, spec.labels());
    }

    static ContainerInfo toInfo(String id, InspectContainerResponse r) {
        InspectContainerResponse.ContainerState st = r.getState();
        ContainerStatus status = status(st == null ? null : st.getStatus());
        long pid = (status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED) && st.getPidLong() != null
                ? st.getPidLong() : 0;
        Integer exit = status == ContainerStatus.STOPPED && st.getExitCodeLong() != null ? st.getExitCodeLong().intValue() : null;
        String image = r.getConfig() != null && r.getConfig().getImage() != null ? r.getConfig().getImage() : r.getImageId();
        Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
        return new ContainerInfo(id, r.getId(), image, status, DockerBackend.NAME, instant(r.getCreated()), pid, exit, clean(labels));
    }

    static ContainerInfo toInfo(Container k) {
        Map<String, String> labels = clean(k.getLabels());
        String id = name(k);
        if (id == null) {
            id = labels.getOrDefault(ManagedLabels.ID,
                    k.getId() == null ? "?" : k.getId().substring(0, Math.min(12, k.getId().length())));
        }
        ContainerStatus status = status(k.getState());
        Integer exit = null;
        if (status == ContainerStatus.STOPPED && k.getStatus() != null) {
            Matcher m = EXITED.matcher(k.getStatus());
            if (m.find()) {
                exit = Integer.valueOf(m.group(1));
            }
        }
        Instant created = k.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(k.getCreated());
        return new ContainerInfo(id, k.getId(), k.getImage(), status, DockerBackend.NAME, created, 0, exit, labels);
    }

    /** The container's own name, without the leading slash; null if it has none. */
    private static String name(Container k) {
        if (k.getNames() == null) {
            return null;
        }
        for (String n : k.getNames()) {
            if (n != null && !n.isEmpty()) {
                String plain = n.startsWith("/") ? n.substring(1) : n;
                if (!plain.contains("/")) { // not a legacy link alias such as /web/db
                    return plain;
                }
            }
        }
        return null;
    }

    private static Map<String, String> clean(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Instant instant(String rfc3339) {
        if (rfc3339 == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(rfc3339).toInstant();
            } catch (DateTimeParseException e2) {
                return Instant.EPOCH;
            }
        }
    }
}
