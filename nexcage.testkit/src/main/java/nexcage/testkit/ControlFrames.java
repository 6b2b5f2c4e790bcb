package nexcage.testkit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The client side of NexCage's control protocol for tests that play a client by hand. */
public final class ControlFrames {
    private ControlFrames() {
    }

    /**
     * Every frame until the daemon closes the connection, each as {@code type:payload} (e.g.
     * {@code x:2}); a read error other than the reset that follows a refusal is the last entry,
     * {@code error:MESSAGE}. Blocks: bound it in the caller.
     */
    public static List<String> readAll(SocketChannel ch) {
        List<String> frames = new ArrayList<>();
        try {
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            while (true) {
                char type = (char) in.readByte();
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                frames.add(type + ":" + new String(payload, StandardCharsets.UTF_8));
            }
        } catch (EOFException end) {
            return frames;
        } catch (IOException e) {
            // a refusal closes a connection whose request it did not read: after the frames, Linux resets it
            if (frames.isEmpty() || !String.valueOf(e.getMessage()).contains("reset")) {
                frames.add("error:" + e.getMessage());
            }
            return frames;
        }
    }
}
