package org.colombier.auth.scheme;

import java.util.Base64;
import java.util.HexFormat;

/** How a scheme's raw bytes are written after the {@code {SCHEME}} prefix: Dovecot's {@code .b64} / {@code .hex} suffixes. */
public enum Encoding {
    NONE,
    BASE64,
    HEX;

    String encode(byte[] raw) {
        return switch (this) {
            case NONE -> new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            case BASE64 -> Base64.getEncoder().encodeToString(raw);
            case HEX -> HexFormat.of().formatHex(raw);
        };
    }
}
