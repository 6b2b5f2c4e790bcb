package nexcage.http.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and PKCS#8 private keys read with the JDK alone (no Bouncy Castle). Each
 * failure is one sentence naming the setting, the file and the fix. Used by the HTTP API's TLS
 * and, embedded privately by bnd ({@code -conditionalpackage}), by the Docker backend's TLS
 * engines; it depends on nothing but the JDK so that embedding it pulls in nothing else.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    /** Why a file cannot be used, as one sentence naming the setting, the file and the fix. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PemFiles() {
    }

    /** The certificates of {@code file} in order (a chain: the subject's first), at least one. */
    public static List<X509Certificate> certificates(Path file, String setting) throws Unreadable {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (String[] b : blocks(file, setting)) {
                if (b[0].equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b[1]))));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Unreadable(setting + " " + file + " holds a certificate that cannot be read (" + e.getMessage()
                    + "); give a PEM certificate chain", e);
        }
        if (out.isEmpty()) {
            throw new Unreadable(setting + " " + file + " holds no PEM certificate (BEGIN CERTIFICATE); give a PEM certificate", null);
        }
        return out;
    }

    /** The unencrypted PKCS#8 private key of {@code file} (RSA, EC or EdDSA). */
    public static PrivateKey privateKey(Path file, String setting) throws Unreadable {
        for (String[] b : blocks(file, setting)) {
            if (b[0].equals("PRIVATE KEY")) {
                PKCS8EncodedKeySpec spec;
                try {
                    spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(b[1]));
                } catch (IllegalArgumentException e) {
                    throw new Unreadable(setting + " " + file + " holds a private key that is not valid base64; give the PEM key as openssl wrote it", e);
                }
                for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(spec);
                    } catch (GeneralSecurityException e) {
                        // not this algorithm: try the next
                    }
                }
                throw new Unreadable(setting + " " + file + " holds a private key of an algorithm Java cannot read; use an RSA, EC or Ed25519 key", null);
            }
            if (b[0].endsWith("PRIVATE KEY")) {
                throw new Unreadable(setting + " " + file + " is a " + b[0] + " (not PKCS#8); convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out KEY.pem' and point " + setting + " at KEY.pem", null);
            }
        }
        throw new Unreadable(setting + " " + file + " holds no PEM private key (BEGIN PRIVATE KEY); give the certificate's unencrypted PKCS#8 key", null);
    }

    private static List<String[]> blocks(Path file, String setting) throws Unreadable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new Unreadable(setting + " " + file + " does not exist; fix the path and run 'nexcage config reload'", e);
        } catch (IOException e) {
            throw new Unreadable(setting + " " + file + " cannot be read (" + e.getMessage() + "); check its permissions", e);
        }
        List<String[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }
}
