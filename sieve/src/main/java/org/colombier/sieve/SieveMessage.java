package org.colombier.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.colombier.sieve.mail.HeaderField;
import org.colombier.sieve.mail.ParsedMessage;

/** The message a script is evaluated against. Implementations must be cheap to ask for headers repeatedly. */
public interface SieveMessage {
    /** All header fields in order; {@link HeaderField#decoded()} gives the RFC 2047-decoded, unfolded value. */
    List<HeaderField> headers();

    /** Size of the whole message in octets (the {@code size} test). */
    long size();

    /** The body: the octets after the empty line ending the header. Read only by the {@code body} test. */
    InputStream openBody() throws IOException;

    static SieveMessage of(byte[] rfc822) {
        return ParsedMessage.of(rfc822);
    }

    /** Reads the header now; the body is read from the file only if a {@code body} test needs it. */
    static SieveMessage of(Path file) throws IOException {
        return ParsedMessage.of(file);
    }
}
