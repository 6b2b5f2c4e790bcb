package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.exception.DockerException;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerStatus;
import nexcage.backend.docker.Failures.Op;

/** Mapping by status and message, for Docker's answers and Podman's (500 where Docker says 409). */
class FailuresTest {

    static DockerException answer(int status, String message) {
        return new DockerException("Status " + status + ": {\"message\":\"" + message.replace("\"", "\\\"") + "\"}\n", status);
    }

    static Reason reason(Op op, int status, String message) {
        BackendException e = Failures.map(op, "web-1", "img:1", answer(status, message));
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Status ");
        return e.reason();
    }

    @Test
    void dockerAnswers() {
        assertThat(reason(Op.CREATE, 404, "No such image: img:1")).isEqualTo(Reason.NO_SUCH_IMAGE);
        assertThat(reason(Op.INFO, 404, "No such container: web-1")).isEqualTo(Reason.NO_SUCH_CONTAINER);
        assertThat(reason(Op.CREATE, 409, "Conflict. The container name \"/web-1\" is already in use by container \"abc\". "
                + "You have to remove (or rename) that container to be able to reuse that name.")).isEqualTo(Reason.NAME_IN_USE);
        assertThat(reason(Op.DELETE, 409, "You cannot remove a running container abc. Stop the container before attempting "
                + "removal or force remove")).isEqualTo(Reason.CONTAINER_RUNNING);
        assertThat(reason(Op.KILL, 409, "Cannot kill container: web-1: Container abc is not running")).isEqualTo(Reason.NOT_RUNNING);
        assertThat(reason(Op.EXEC, 409, "Container abc is not running")).isEqualTo(Reason.NOT_RUNNING);
        assertThat(reason(Op.KILL, 400, "Invalid signal: FOO")).isEqualTo(Reason.OTHER);
    }

    @Test
    void aCommandThatIsNotInTheImageOrCannotRunIsToldApart() {
        String runc = "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create"
                + " failed: unable to start container process: exec: ";
        assertThat(reason(Op.ATTACH, 400, runc + "\"nosuch\": executable file not found in $PATH: unknown"))
                .isEqualTo(Reason.COMMAND_NOT_FOUND);
        assertThat(reason(Op.START, 400, runc + "\"/etc/passwd\": permission denied: unknown"))
                .isEqualTo(Reason.COMMAND_NOT_INVOKABLE);
        assertThat(reason(Op.ATTACH, 400, runc + "\"/bin\": is a directory: unknown")).isEqualTo(Reason.COMMAND_NOT_INVOKABLE);
    }

    @Test
    void podmanAnswers() {
        assertThat(reason(Op.CREATE, 404, "img:1: image not known")).isEqualTo(Reason.NO_SUCH_IMAGE);
        assertThat(reason(Op.STOP, 404, "no container with name or ID \"web-1\" found: no such container"))
                .isEqualTo(Reason.NO_SUCH_CONTAINER);
        assertThat(reason(Op.CREATE, 500, "creating container storage: the container name \"web-1\" is already in use by abc. "
                + "You have to remove that container to be able to reuse that name: that name is already in use"))
                .isEqualTo(Reason.NAME_IN_USE);
        assertThat(reason(Op.DELETE, 500, "cannot remove container abc as it is running - running or paused containers cannot "
                + "be removed without force: container state improper")).isEqualTo(Reason.CONTAINER_RUNNING);
        assertThat(reason(Op.KILL, 500, "can only kill running containers. abc is in state exited: container state improper"))
                .isEqualTo(Reason.NOT_RUNNING);
        assertThat(reason(Op.EXEC, 500, "can only create exec sessions on running containers: container state improper"))
                .isEqualTo(Reason.NOT_RUNNING);
    }

    @Test
    void messagesNameTheSubjectAndTheFix() {
        BackendException img = Failures.map(Op.CREATE, "web-1", "img:1", answer(404, "No such image: img:1"));
        assertThat(img.getMessage()).isEqualTo("image img:1 is not on this engine; docker pull it or docker import one");
        BackendException running = Failures.map(Op.DELETE, "web-1", null, answer(409, "You cannot remove a running container"));
        assertThat(running.getMessage()).contains("web-1").contains("-f");
        BackendException other = Failures.map(Op.START, "web-1", null, answer(500, "something odd"));
        assertThat(other.reason()).isEqualTo(Reason.OTHER);
        assertThat(other.getMessage()).isEqualTo("the Docker engine could not start web-1: something odd (HTTP 500)");
    }

    @Test
    void anImageTheEngineCannotTakeIsSaidWithTheFix() {
        assertThat(Failures.map(Op.CREATE, "web-1", "Img", answer(400, "invalid reference format: repository name must be lowercase"))
                .getMessage()).isEqualTo("image Img is not a reference the engine takes (repository name must be lowercase); write it"
                        + " as name[:tag] in lowercase, e.g. busybox:latest");
        // Podman 4.3
        assertThat(Failures.map(Op.CREATE, "web-1", "Img", answer(500, "normalizing image: normalizing name for compat API: "
                + "repository name must be lowercase")).getMessage()).isEqualTo("image Img is not a reference the engine takes"
                        + " (repository name must be lowercase); write it as name[:tag] in lowercase, e.g. busybox:latest");
        assertThat(Failures.map(Op.CREATE, "web-1", "img:1", answer(400, "No command specified")).getMessage())
                .isEqualTo("image img:1 has no command of its own; give one after the image, e.g. nexcage run --name web-1 img:1 sh");
    }

    @Test
    void statusMapping() {
        assertThat(ContainerMapping.status("created")).isEqualTo(ContainerStatus.CREATED);
        assertThat(ContainerMapping.status("running")).isEqualTo(ContainerStatus.RUNNING);
        assertThat(ContainerMapping.status("restarting")).isEqualTo(ContainerStatus.RUNNING);
        assertThat(ContainerMapping.status("paused")).isEqualTo(ContainerStatus.PAUSED);
        assertThat(ContainerMapping.status("exited")).isEqualTo(ContainerStatus.STOPPED);
        assertThat(ContainerMapping.status("dead")).isEqualTo(ContainerStatus.STOPPED);
        assertThat(ContainerMapping.status("removing")).isEqualTo(ContainerStatus.STOPPED);
        assertThat(ContainerMapping.status("weird")).isEqualTo(ContainerStatus.UNKNOWN);
        assertThat(ContainerMapping.status(null)).isEqualTo(ContainerStatus.UNKNOWN);
        assertThat(EventPump.statusAfter("die")).isEqualTo(ContainerStatus.STOPPED);
        assertThat(EventPump.statusAfter("start")).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test
    void apiVersionIsPinnedToTheEnginesCappedAtTheNewestKnown() {
        assertThat(EngineVersion.pin("1.41")).isEqualTo("1.41");
        assertThat(EngineVersion.pin("1.47")).isEqualTo("1.44");
        assertThat(EngineVersion.pin("garbage")).isEqualTo("1.41");
    }
}
