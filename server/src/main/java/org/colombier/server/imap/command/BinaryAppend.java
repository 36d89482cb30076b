package org.colombier.server.imap.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.colombier.server.mime.HeaderField;
import org.colombier.server.mime.MessageStructure;
import org.colombier.server.mime.MimePart;

/**
 * A message APPENDed as a BINARY literal8 (RFC 3516 4.4): parts sent with
 * {@code Content-Transfer-Encoding: binary} (or none) whose bodies hold NUL bytes are stored
 * base64-encoded instead, so BODY[] stays a valid RFC 5322 message and BINARY[] gives the
 * client's bytes back. Everything else is stored as sent.
 */
final class BinaryAppend {
    private BinaryAppend() {
    }

    static byte[] encode(InputStream in) throws IOException {
        byte[] raw = in.readAllBytes();
        MessageStructure structure = MessageStructure.parse(raw);
        List<MimePart> leaves = new ArrayList<>();
        collect(structure.root(), leaves);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 3);
        int at = 0;
        for (MimePart part : leaves) {
            if (!needsEncoding(raw, part)) {
                continue;
            }
            HeaderField cte = part.header().first("Content-Transfer-Encoding");
            int headerEnd = (int) (part.header().offset() + part.header().size());
            int bodyStart = (int) part.bodyOffset();
            int bodyEnd = (int) (part.bodyOffset() + part.bodySize());
            if (cte != null) {
                out.write(raw, at, (int) cte.offset() - at);
                at = (int) cte.offset() + cte.raw().length();
            } else {
                // before the empty line that ends the header
                int end = headerEnd;
                while (end > at && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
                    end--;
                }
                int lineEnd = end;
                while (lineEnd < headerEnd && raw[lineEnd] != '\n') {
                    lineEnd++;
                }
                out.write(raw, at, Math.min(headerEnd, lineEnd + 1) - at);
                at = Math.min(headerEnd, lineEnd + 1);
            }
            out.writeBytes("Content-Transfer-Encoding: base64\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(raw, at, bodyStart - at);
            out.writeBytes(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'})
                    .encode(java.util.Arrays.copyOfRange(raw, bodyStart, bodyEnd)));
            out.writeBytes(new byte[] {'\r', '\n'});
            at = bodyEnd;
        }
        out.write(raw, at, raw.length - at);
        return out.toByteArray();
    }

    private static void collect(MimePart part, List<MimePart> leaves) {
        if (part.kind() == MimePart.Kind.MULTIPART) {
            part.children().forEach(c -> collect(c, leaves));
        } else if (part.kind() == MimePart.Kind.MESSAGE && part.message() != null) {
            collect(part.message(), leaves);
        } else {
            leaves.add(part);
        }
    }

    private static boolean needsEncoding(byte[] raw, MimePart part) {
        String encoding = part.encoding() == null ? "7bit" : part.encoding().toLowerCase(Locale.ROOT);
        if (!encoding.equals("binary") && !encoding.equals("7bit") && !encoding.equals("8bit")) {
            return false;
        }
        for (long i = part.bodyOffset(); i < part.bodyOffset() + part.bodySize(); i++) {
            if (raw[(int) i] == 0) {
                return true;
            }
        }
        return false;
    }
}
