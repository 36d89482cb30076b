package org.colombier.storage.maildir;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Mailbox GUIDs: 128 bits printed as 32 lowercase hex digits; Dovecot accepts any such value. */
final class Guids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Guids() {
    }

    static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
