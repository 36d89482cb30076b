package org.colombier.server.imap.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Drives a decoder over chunks and renders what it produced as comparable text. */
final class Decoding {
    private Decoding() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the chunks in order and renders every event; requests are closed after rendering. */
    static List<String> run(RequestDecoder decoder, byte[]... chunks) {
        List<String> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            for (DecoderEvent e = decoder.next(in); e != null; e = decoder.next(in)) {
                out.add(render(e));
            }
            if (in.hasRemaining()) {
                throw new AssertionError("decoder returned null with input left");
            }
        }
        return out;
    }

    static List<String> split(ImapLimits limits, byte[] input, int at) {
        byte[] a = new byte[at];
        byte[] b = new byte[input.length - at];
        System.arraycopy(input, 0, a, 0, at);
        System.arraycopy(input, at, b, 0, b.length);
        return run(new RequestDecoder(limits), a, b);
    }

    static String render(DecoderEvent e) {
        if (e instanceof DecoderEvent.Received r) {
            try (Request req = r.request()) {
                StringBuilder sb = new StringBuilder(req.tag()).append(' ').append(req.command());
                for (Token t : req.args()) {
                    sb.append(' ').append(render(t));
                }
                return sb.toString();
            }
        }
        if (e instanceof DecoderEvent.LiteralContinuation c) {
            return "+ " + c.tag();
        }
        if (e instanceof DecoderEvent.Rejected r) {
            try {
                return new String(r.response().toByteArray(), StandardCharsets.UTF_8).trim();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        if (e instanceof DecoderEvent.Line l) {
            return "LINE " + new String(l.bytes(), StandardCharsets.UTF_8);
        }
        return "FATAL " + ((DecoderEvent.Fatal) e).text();
    }

    static String render(Token t) {
        if (t instanceof Token.LiteralToken l) {
            try (InputStream in = l.literal().open()) {
                return l + "<" + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1) + ">";
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        if (t instanceof Token.ListToken l) {
            StringBuilder sb = new StringBuilder("(");
            for (Token i : l.items()) {
                sb.append(sb.length() == 1 ? "" : " ").append(render(i));
            }
            return sb.append(')').toString();
        }
        return t.toString();
    }
}
