package io.grapevine.core.trust;

import io.grapevine.core.config.Configuration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ed25519 deployer key pair, with the JDK's own implementation: its id (the first 16 hex digits
 * of the SHA-256 of the public key's X.509 encoding), its PEM file form (the private key as PKCS#8
 * and the public key, since the JDK cannot derive one from the other), signing and verifying.
 */
public final class DeployerKey {
    private static final Pattern PEM = Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");
    private static final int SIGNATURE_TEXT = 88;

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private DeployerKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static DeployerKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new DeployerKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Reads a key file written by {@link #pem()}; throws {@link IllegalArgumentException} saying why not. */
    public static DeployerKey read(String pem) {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        Matcher matcher = PEM.matcher(pem);
        try {
            while (matcher.find()) {
                byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
                if (matcher.group(1).equals("PRIVATE")) {
                    privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
                } else {
                    publicKey = publicKey(Base64.getEncoder().encodeToString(der));
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 deployer key file: " + e.getMessage());
        }
        if (privateKey == null || publicKey == null) {
            throw new IllegalArgumentException("not a deployer key file: it needs a PRIVATE KEY and a PUBLIC KEY block");
        }
        DeployerKey key = new DeployerKey(privateKey, publicKey);
        if (!verify(publicKey, new byte[] {1}, key.sign(new byte[] {1}))) {
            throw new IllegalArgumentException("the key file's public key does not match its private key");
        }
        return key;
    }

    /** The private key file's text (keep it owner-only). */
    public String pem() {
        return block("PRIVATE", privateKey.getEncoded()) + block("PUBLIC", publicKey.getEncoded());
    }

    /** The public half alone, as a PEM block. */
    public String publicPem() {
        return block("PUBLIC", publicKey.getEncoded());
    }

    public String id() {
        return id(publicKey);
    }

    /** The public key as the trust root lists it: base64 of its X.509 encoding. */
    public String publicKeyText() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** This key's signature of {@code config}. */
    public Configuration.Signature sign(Configuration config) {
        return new Configuration.Signature(id(), sign(io.grapevine.core.config.CanonicalJson.signedBytes(config)));
    }

    public String sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(data);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the deployer key", e);
        }
    }

    public static String id(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Reads a public key from its base64 X.509 text (or a PEM PUBLIC KEY block). */
    public static PublicKey publicKey(String text) {
        Matcher matcher = PEM.matcher(text);
        String base64 = matcher.find() && matcher.group(1).equals("PUBLIC") ? matcher.group(2) : text;
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
        }
    }

    /** True if {@code signature} (base64) is {@code key}'s over {@code data}; false for anything malformed. */
    public static boolean verify(PublicKey key, byte[] data, String signature) {
        if (signature == null || signature.length() > SIGNATURE_TEXT) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String block(String kind, byte[] der) {
        return "-----BEGIN " + kind + " KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + kind + " KEY-----\n";
    }
}
