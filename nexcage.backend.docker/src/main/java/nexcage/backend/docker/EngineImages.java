package nexcage.backend.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ImageInfo;
import nexcage.backend.docker.Failures.Op;

/**
 * The Docker backend's images: import ({@code POST /images/create?fromSrc=-}, what {@code docker
 * import} sends, the tarball streamed from its file on the streams client, which has no read
 * timeout), list ({@code GET /images/json}, one entry per tag) and remove. An OCI image layout is
 * refused: the engine takes layouts only through a registry or {@code docker load}'s archive.
 */
final class EngineImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineImages() {
    }

    static ImageInfo importImage(Engine engine, String name, Path source) throws BackendException {
        if (Files.isDirectory(source)) {
            throw new BackendException(Reason.UNSUPPORTED, "the docker backend imports root file system tarballs, not OCI image"
                    + " layouts such as " + source + "; copy the layout in with skopeo copy oci:" + source + " docker-daemon:" + name
                    + ", or import a tarball");
        }
        return EngineCalls.call(engine, Op.IMAGE_IMPORT, null, name, false, c -> {
            // the whole reference in repo, as docker import sends it: Podman 4.3 ignores a separate tag (NAME:latest)
            String path = "/v" + c.apiVersion() + "/images/create?fromSrc=-&repo=" + enc(name);
            try (InputStream tar = Files.newInputStream(source)) {
                Request r = Request.builder().method(Request.Method.POST).path(path)
                        .putHeader("Content-Type", "application/x-tar").body(tar).build();
                String error;
                try (Response answer = EngineHttp.checked(http(c).execute(r))) {
                    error = progressError(answer.getBody());
                } catch (DockerException refused) {
                    error = Failures.engineMessage(refused); // a tarball it cannot read: 500 before any progress
                }
                if (error != null) {
                    throw new BackendException(Reason.OTHER, "the Docker engine could not import " + source + " as " + name + " ("
                            + error + "); give a tar archive (plain or gzip) of a root file system, as docker export writes");
                }
            } catch (IOException e) {
                throw new BackendException(Reason.OTHER, "could not read " + source + " to import it as " + name + " ("
                        + e.getMessage() + "); check that the daemon may read it", e);
            }
            return toInfo(name, c.api().inspectImageCmd(name).exec());
        });
    }

    static List<ImageInfo> images(Engine engine) throws BackendException {
        return EngineCalls.call(engine, Op.IMAGES, null, null, true, c -> {
            List<ImageInfo> out = new ArrayList<>();
            for (Image i : c.api().listImagesCmd().exec()) {
                Instant created = i.getCreated() == null ? null : Instant.ofEpochSecond(i.getCreated());
                long size = i.getSize() == null ? -1 : i.getSize();
                for (String tag : i.getRepoTags() == null ? new String[0] : i.getRepoTags()) {
                    if (!tag.startsWith("<none>")) {
                        out.add(new ImageInfo(tag, i.getId(), size, created, DockerBackend.NAME));
                    }
                }
            }
            out.sort(Comparator.comparing(ImageInfo::created, Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(ImageInfo::name));
            return out;
        });
    }

    static void removeImage(Engine engine, String name, boolean force) throws BackendException {
        EngineCalls.call(engine, Op.IMAGE_REMOVE, null, name, true, c -> {
            try {
                c.api().removeImageCmd(name).withForce(force).exec();
            } catch (NotFoundException e) {
                throw new BackendException(Reason.NO_SUCH_IMAGE, "there is no image " + name + " on this engine;"
                        + " nexcage image list shows the images there", e);
            } catch (DockerException e) {
                if (e.getHttpStatus() != 409) {
                    throw e;
                }
                throw new BackendException(Reason.IMAGE_IN_USE, "image " + name + " is in use (" + Failures.engineMessage(e)
                        + "); delete the containers made from it first" + (force ? "" : ", or remove it with -f"), e);
            }
            return null;
        });
    }

    /** The error the engine's progress stream ends with, or null when the import succeeded. */
    static String progressError(InputStream progress) {
        try (MappingIterator<JsonNode> lines = JSON.readerFor(JsonNode.class).readValues(progress)) {
            while (lines.hasNext()) {
                JsonNode line = lines.next();
                if (line.hasNonNull("error")) {
                    return line.get("error").asText().strip();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("the engine's answer to the import could not be read: " + e.getMessage(), e));
        }
    }

    private static com.github.dockerjava.transport.DockerHttpClient http(EngineConnection c) {
        return ((DockerClientImpl) c.streams()).getHttpClient();
    }

    private static ImageInfo toInfo(String name, InspectImageResponse r) {
        return new ImageInfo(name, r.getId(), r.getSize() == null ? -1 : r.getSize(), instant(r.getCreated()), DockerBackend.NAME);
    }

    private static Instant instant(String rfc3339) {
        try {
            return rfc3339 == null ? null : OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
