package nexcage.core.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uids, not names: the principals of the JDK compare by uid whatever name their lookup found. */
class PeerCheckTest {
    /** A uid that has no passwd entry on a test machine. */
    private static final int NO_PASSWD_ENTRY = 4242;

    @TempDir
    Path dir;

    /** The principal of a uid as the JDK makes one when no name is found: named by its number. */
    static UserPrincipal user(int uid) {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(uid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UserPrincipal named(String name) throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }

    @Test
    void aDaemonWhoseUidHasNoNameServesItsOwnUser() throws Exception {
        // never skipped: the suite runs as root (./test.sh as CI runs it), which chown needs
        assertThat(System.getProperty("user.name")).as("PeerCheckTest needs root to give a file to uid " + NO_PASSWD_ENTRY
                + "; run the suite as root, as ./test.sh does in CI").isEqualTo("root");
        // the daemon's principal, as it reads it from its socket's owner: the lookup of the name fails
        Path socketFile = Files.createFile(dir.resolve("s"));
        Files.setOwner(socketFile, user(NO_PASSWD_ENTRY));
        UserPrincipal owner = Files.getOwner(socketFile);
        assertThat(owner.getName()).isEqualTo(Integer.toString(NO_PASSWD_ENTRY));
        PeerCheck check = new PeerCheck(owner, PeerCheck.uid0());
        assertThat(check.refusal(user(NO_PASSWD_ENTRY))).isNull();
    }

    @Test
    void rootIsServedWhateverItsNameLookupGave() throws Exception {
        PeerCheck check = new PeerCheck(user(NO_PASSWD_ENTRY), PeerCheck.uid0());
        assertThat(check.refusal(user(0))).as("root named '0', as a failed lookup names it").isNull();
        assertThat(check.refusal(named("root"))).isNull();
    }

    @Test
    void theRealPeerOfAConnectionIsServedByADaemonOfTheSameUid() throws Exception {
        Path socket = dir.resolve("p.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket)); SocketChannel daemonSide = server.accept()) {
                PeerCheck check = PeerCheck.forSocket(socket);
                assertThat(check.refusal(PeerCheck.peer(daemonSide))).isNull();
            }
        }
    }

    @Test
    void anotherUidIsToldWhoMayUseTheSocket() throws Exception {
        PeerCheck check = new PeerCheck(user(NO_PASSWD_ENTRY), PeerCheck.uid0());
        assertThat(check.refusal(named("nobody"))).isEqualTo("this daemon's socket is not yours to use: the daemon serves only uid 4242 "
                + "and root, not user nobody; run nexcage as uid 4242 or root, or start a daemon of your own with NEXCAGE_STATE set "
                + "to a directory you own");
    }

    @Test
    void aRootDaemonNamesOnlyRoot() throws Exception {
        PeerCheck check = new PeerCheck(named("root"), PeerCheck.uid0());
        assertThat(check.refusal(named("nobody"))).startsWith("this daemon's socket is not yours to use: the daemon serves only root, "
                + "not user nobody; run nexcage as root, or");
    }

    @Test
    void aServedPeerIsNamedToSecurityExtensionsByItsUidAndName() throws Exception {
        PeerCheck check = new PeerCheck(user(NO_PASSWD_ENTRY), PeerCheck.uid0(), Integer.toString(NO_PASSWD_ENTRY));
        assertThat(check.credentials(named("root"))).containsEntry("source", "cli").containsEntry("uid", "0")
                .containsEntry("user", "root");
        assertThat(check.credentials(user(NO_PASSWD_ENTRY))).containsEntry("uid", Integer.toString(NO_PASSWD_ENTRY));
    }
}
