package org.colombier.server.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.colombier.api.storage.ModifiedUtf7;

/**
 * Builds one server response. Items are separated by single spaces automatically (none after
 * {@code (} or before {@code )}); strings are written quoted when they can be, as literals otherwise.
 *
 * <pre>{@code
 * ResponseBuilder.untagged().number(12).atom("FETCH").openList()
 *     .atom("FLAGS").openList().atom("\\Seen").closeList()
 *     .atom("BODY[]").literal(size, () -> message.open(), false)
 *     .closeList().build();
 * }</pre>
 */
public final class ResponseBuilder {
    private final List<Object> parts = new ArrayList<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(128);
    private boolean space;
    private int depth;
    private boolean utf8;

    private ResponseBuilder(String start) {
        ascii(start);
        space = true;
    }

    /** A response starting with {@code *}. */
    public static ResponseBuilder untagged() {
        return new ResponseBuilder("*");
    }

    public static ResponseBuilder tagged(String tag) {
        return new ResponseBuilder(tag);
    }

    /** {@code + text}: a command continuation request. */
    public static Response continuation(String text) {
        ResponseBuilder b = new ResponseBuilder("+");
        return b.text(text == null || text.isEmpty() ? "OK" : text).build();
    }

    /** {@code tag OK [code] text}; a null tag gives an untagged response, a null code none. */
    public static Response status(String tag, String status, ResponseCode code, String text) {
        ResponseBuilder b = tag == null ? untagged() : tagged(tag);
        b.atom(status);
        if (code != null) {
            b.code(code);
        }
        return b.text(text).build();
    }

    /** After {@code ENABLE UTF8=ACCEPT}: quoted strings and mailbox names may carry UTF-8. */
    public ResponseBuilder utf8(boolean enabled) {
        this.utf8 = enabled;
        return this;
    }

    private void item() {
        if (space) {
            current.write(' ');
        }
        space = true;
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            current.write(s.charAt(i));
        }
    }

    /** An atom, or any protocol text written as is (e.g. {@code BODY[HEADER]<0>}, {@code \Seen}). */
    public ResponseBuilder atom(String atom) {
        item();
        ascii(atom);
        return this;
    }

    public ResponseBuilder number(long n) {
        return atom(Long.toString(n));
    }

    public ResponseBuilder nil() {
        return atom("NIL");
    }

    /** A string: quoted when its bytes allow, a literal otherwise (CR, LF, NUL, or 8-bit without UTF-8). */
    public ResponseBuilder string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return canQuote(b) ? quoted(b) : literal(b);
    }

    /** A string, or NIL for null. */
    public ResponseBuilder nstring(String s) {
        return s == null ? nil() : string(s);
    }

    /** An atom when {@code s} is a valid non-NIL astring atom, a string otherwise. */
    public ResponseBuilder astring(String s) {
        return isAstringAtom(s) ? atom(s) : string(s);
    }

    /** A mailbox name: modified UTF-7 unless UTF-8 is enabled. */
    public ResponseBuilder mailbox(String name) {
        return astring(utf8 ? name : ModifiedUtf7.encode(name));
    }

    private boolean canQuote(byte[] b) {
        for (byte c : b) {
            if (c == 0 || c == '\r' || c == '\n' || (c < 0 && !utf8)) {
                return false;
            }
        }
        return true;
    }

    private ResponseBuilder quoted(byte[] b) {
        item();
        current.write('"');
        for (byte c : b) {
            if (c == '"' || c == '\\') {
                current.write('\\');
            }
            current.write(c);
        }
        current.write('"');
        return this;
    }

    /** A literal holding {@code bytes}. */
    public ResponseBuilder literal(byte[] bytes) {
        literalHeader(bytes.length, false);
        current.writeBytes(bytes);
        return this;
    }

    /**
     * A literal of {@code size} bytes read from {@code source} only when the response is sent;
     * {@code binary} writes a BINARY {@code ~{n}} literal (RFC 3516).
     */
    public ResponseBuilder literal(long size, Response.Source source, boolean binary) {
        literalHeader(size, binary);
        flush();
        parts.add(new Response.Body(size, source));
        return this;
    }

    private void literalHeader(long size, boolean binary) {
        item();
        ascii((binary ? "~{" : "{") + size + "}\r\n");
    }

    public ResponseBuilder openList() {
        item();
        current.write('(');
        space = false;
        depth++;
        return this;
    }

    public ResponseBuilder closeList() {
        if (depth == 0) {
            throw new IllegalStateException("no list is open");
        }
        current.write(')');
        space = true;
        depth--;
        return this;
    }

    /** A response code, e.g. {@code [UIDNEXT 4392]}. */
    public ResponseBuilder code(ResponseCode code) {
        return atom(code.toString());
    }

    /**
     * Human-readable text ending a status response. It may echo client input, so line breaks
     * become spaces and other control characters (and 8-bit unless UTF-8 is enabled) {@code ?}.
     */
    public ResponseBuilder text(String text) {
        item();
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c == '\r' || c == '\n' ? ' ' : c < ' ' || c == 127 || (c > 127 && !utf8) ? '?' : c);
        }
        current.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void flush() {
        if (current.size() > 0) {
            parts.add(current.toByteArray());
            current.reset();
        }
    }

    /** Ends the line and returns the response. */
    public Response build() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " list(s) left open");
        }
        current.write('\r');
        current.write('\n');
        flush();
        return new Response(parts);
    }

    static boolean isAstringAtom(String s) {
        if (s.isEmpty() || s.equalsIgnoreCase("NIL")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "(){%*\"\\".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
