package nexcage.core.internal.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.LinkedHashMap;
import java.util.Map;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the control socket: the daemon's own user and root, compared by uid. Names are no
 * proof: a uid with no passwd entry has none (the daemon's {@code user.name} is then "?"), and a
 * lookup that fails, say with every file descriptor in use, names root "0". The JDK's Unix user
 * principals (of the peer's credentials, of a file's owner, of a lookup) are equal exactly when
 * their uids are, whatever name each lookup found.
 */
final class PeerCheck {
    private final UserPrincipal owner;
    private final UserPrincipal root;
    /** The owner's uid, or null when it is not known. */
    private final String ownerUid;

    /**
     * @param owner the daemon's user, e.g. the owner of the socket it created
     * @param root uid 0 (null when it cannot be looked up: then only the owner is served)
     */
    PeerCheck(UserPrincipal owner, UserPrincipal root) {
        this(owner, root, null);
    }

    PeerCheck(UserPrincipal owner, UserPrincipal root, String ownerUid) {
        this.owner = owner;
        this.root = root;
        this.ownerUid = ownerUid;
    }

    /** For the socket the daemon has just created: its owner is the daemon's effective uid. */
    static PeerCheck forSocket(Path socket) throws IOException {
        return new PeerCheck(Files.getOwner(socket), uid0(), String.valueOf(Files.getAttribute(socket, "unix:uid")));
    }

    /**
     * What the daemon knows of a peer it serves, for security extensions: {@code source=cli},
     * {@code user} (its name, or its number when it has none) and {@code uid}. The JDK does not
     * give a peer's uid, but a served peer is the socket's owner or root, whose uids are known.
     */
    Map<String, String> credentials(UserPrincipal peer) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("source", "cli");
        c.put("user", peer.getName());
        String uid = peer.equals(root) ? "0" : peer.equals(owner) ? ownerUid : null;
        if (uid == null && peer.getName().chars().allMatch(Character::isDigit)) {
            uid = peer.getName();
        }
        if (uid != null) {
            c.put("uid", uid);
        }
        return c;
    }

    /**
     * The principal of uid 0. A name lookup of "0" finds no user and falls back to the number,
     * so it holds where root has another name too; "root" is the fallback should that lookup
     * fail.
     */
    static UserPrincipal uid0() {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        for (String name : new String[] {"0", "root"}) {
            try {
                return users.lookupPrincipalByName(name);
            } catch (IOException | UnsupportedOperationException e) {
                // try the next
            }
        }
        return null;
    }

    /** The user at the other end of a connection, from its credentials (SO_PEERCRED). */
    static UserPrincipal peer(SocketChannel ch) throws IOException {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user();
        } catch (UnsupportedOperationException e) {
            throw new IOException("the peer's credentials are not available here", e);
        }
    }

    /** The refusal of a peer whose credentials could not be read. */
    String unknownPeer(IOException e) {
        return "the daemon cannot tell which user connected (" + e.getMessage() + "), and it serves only " + allowed()
                + "; run nexcage as " + oneOfThem();
    }

    /** Null when this user may use the socket, else the sentence that refuses it. */
    String refusal(UserPrincipal peer) {
        if (peer.equals(owner) || peer.equals(root)) {
            return null;
        }
        return "this daemon's socket is not yours to use: the daemon serves only " + allowed() + ", not " + describe(peer)
                + "; run nexcage as " + oneOfThem() + ", or start a daemon of your own with NEXCAGE_STATE set to a directory you own";
    }

    /** A user's name, or "uid N" when no name was found (the JDK then names the principal by its number). */
    static String describe(UserPrincipal user) {
        String name = user.getName();
        return name.chars().allMatch(Character::isDigit) ? "uid " + name : "user " + name;
    }

    private boolean ownerIsRoot() {
        return owner.equals(root);
    }

    private String allowed() {
        return ownerIsRoot() ? "root" : describe(owner) + " and root";
    }

    private String oneOfThem() {
        return ownerIsRoot() ? "root" : describe(owner) + " or root";
    }
}
