package nexcage.core.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of config.yaml, checked before the YAML parser sees it: the file and each line are
 * capped (SnakeYAML's scanner takes time quadratic in the length of a line, so a few megabytes
 * on one line would hold the reload for minutes), and bytes that are not UTF-8 are reported
 * where they are.
 */
final class ConfigText {
    /** Far above any real config.yaml; a file of this size parses in well under a second. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /** Also the cap on one value: a longer text belongs in a file the plugin reads. */
    static final int MAX_LINE_CHARS = 64 * 1024;

    private ConfigText() {
    }

    static String read(Path file) throws IOException, ConfigException {
        byte[] bytes;
        // read at most one byte over the cap, so a file that grows while it is read is refused too
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigException(file, 1, 1, "the file is " + Math.max(Files.size(file), bytes.length) + " bytes, over the "
                    + MAX_FILE_BYTES + " (1 MiB) a config.yaml may hold; keep long values in files the plugins read and give their paths here");
        }
        String text = decode(file, bytes);
        checkLines(file, text);
        return text;
    }

    private static String decode(Path file, byte[] bytes) throws ConfigException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            // the decoder stopped at the bad byte: everything before it is good text to count lines in
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.length(); i++) {
                if (out.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            throw new ConfigException(file, line, column, String.format("byte 0x%02X is not valid UTF-8; save the file as UTF-8",
                    bytes[in.position()] & 0xff));
        }
        d.flush(out);
        out.flip();
        return out.toString();
    }

    private static void checkLines(Path file, String text) throws ConfigException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_CHARS) {
                    throw new ConfigException(file, line, MAX_LINE_CHARS + 1, "line " + line + " is " + (i - start)
                            + " characters long, over the " + MAX_LINE_CHARS
                            + " a line may hold; keep long values in files the plugins read and give their paths here");
                }
                line++;
                start = i + 1;
            }
        }
    }
}
