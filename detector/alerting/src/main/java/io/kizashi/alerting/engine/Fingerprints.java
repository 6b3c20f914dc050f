package io.kizashi.alerting.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The stable id of an alert: 16 hex digits of SHA-256 over its labels sorted by name. */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String of(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        // NUL separators: no label name or value can make two different label sets read the same.
        new TreeMap<>(labels).forEach((k, v) -> sb.append(k).append('\0').append(v).append('\0'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
