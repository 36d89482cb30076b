package org.colombier.server.imap.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.MessageBytes;
import org.colombier.server.imap.protocol.command.Section;

/**
 * One message's MIME structure for FETCH: BODY[section] extraction, ENVELOPE and BODYSTRUCTURE
 * (RFC 3501 7.4.2). The file is read at most once per message and command, and only when a
 * content item asks; ENVELOPE and BODYSTRUCTURE are kept in the mailbox cache, so they are
 * computed once per message. Header text is handled as ISO-8859-1 so 8-bit bytes pass through
 * unchanged into the response.
 */
final class MessageParts {
    private static final String ENVELOPE = "imap.envelope";
    private static final String BODYSTRUCTURE = "imap.bodystructure";
    private static final String BODY = "imap.body";
    private static final int MAX_DEPTH = 20;

    private final Mailbox mailbox;
    private MessageInfo info;
    private byte[] bytes;
    private Part root;

    /** One MIME entity: its header and body ranges in the message, and what it contains. */
    private record Part(int headerStart, int bodyStart, int end, List<String[]> fields, String type, String subtype,
                        Map<String, String> params, List<Part> children, Part message) {
        boolean multipart() {
            return type.equals("multipart");
        }

        boolean rfc822() {
            return type.equals("message") && subtype.equals("rfc822") && message != null;
        }

        String field(String name) {
            for (String[] f : fields) {
                if (f[0].equalsIgnoreCase(name)) {
                    return f[1];
                }
            }
            return null;
        }
    }

    MessageParts(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    void reset(MessageInfo next) {
        info = next;
        bytes = null;
        root = null;
    }

    private Part root() throws StoreException {
        if (root == null) {
            bytes = MessageBytes.read(mailbox, info.uid());
            root = parse(0, bytes.length, "text", "plain", 0);
        }
        return root;
    }

    /** The bytes of a section; an empty array for a part the message does not have. */
    byte[] section(Section section) throws StoreException {
        Part part = root();
        boolean explicit = !section.part().isEmpty();
        for (int n : section.part()) {
            part = child(part, n);
            if (part == null) {
                return new byte[0];
            }
        }
        Section.Kind kind = section.kind();
        if (kind == Section.Kind.MIME) {
            return Arrays.copyOfRange(bytes, part.headerStart(), part.bodyStart());
        }
        if (kind == Section.Kind.ALL) {
            return explicit ? Arrays.copyOfRange(bytes, part.bodyStart(), part.end())
                    : Arrays.copyOfRange(bytes, part.headerStart(), part.end());
        }
        if (explicit) {
            if (!part.rfc822()) {
                return new byte[0];
            }
            part = part.message();
        }
        return switch (kind) {
            case HEADER -> Arrays.copyOfRange(bytes, part.headerStart(), part.bodyStart());
            case TEXT -> Arrays.copyOfRange(bytes, part.bodyStart(), part.end());
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> MessageBytes.headerFields(bytes, part.headerStart(),
                    part.bodyStart(), section.fields(), kind == Section.Kind.HEADER_FIELDS_NOT);
            default -> new byte[0];
        };
    }

    /** Part {@code n} of {@code p} in IMAP numbering: an encapsulated message's parts are its body's. */
    private static Part child(Part p, int n) {
        if (p.rfc822()) {
            p = p.message();
        }
        if (p.multipart()) {
            return n <= p.children().size() ? p.children().get(n - 1) : null;
        }
        return n == 1 ? p : null;
    }

    String envelope() throws StoreException {
        return cachedOr(ENVELOPE, () -> envelope(root()));
    }

    String bodyStructure(boolean extended) throws StoreException {
        return cachedOr(extended ? BODYSTRUCTURE : BODY, () -> structure(root(), extended));
    }

    private interface Compute {
        String get() throws StoreException;
    }

    private String cachedOr(String field, Compute compute) throws StoreException {
        Optional<byte[]> cached = mailbox.cached(info.uid(), field);
        if (cached.isPresent()) {
            return new String(cached.get(), StandardCharsets.ISO_8859_1);
        }
        String value = compute.get();
        mailbox.cache(info.uid(), field, value.getBytes(StandardCharsets.ISO_8859_1));
        return value;
    }

    private Part parse(int from, int to, String defaultType, String defaultSubtype, int depth) {
        int bodyStart = MessageBytes.bodyStart(bytes, from, to);
        List<String[]> fields = MessageBytes.fields(bytes, from, bodyStart, StandardCharsets.ISO_8859_1);
        String type = defaultType;
        String subtype = defaultSubtype;
        Map<String, String> params = new LinkedHashMap<>();
        String ct = null;
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase("Content-Type")) {
                ct = f[1];
            }
        }
        if (ct != null) {
            List<String> pieces = splitParams(ct);
            String[] ts = pieces.get(0).trim().split("/", 2);
            if (ts.length == 2 && !ts[0].isBlank() && !ts[1].isBlank()) {
                type = ts[0].trim().toLowerCase(Locale.ROOT);
                subtype = ts[1].trim().toLowerCase(Locale.ROOT);
                params = params(pieces);
            } else {
                type = "text";
                subtype = "plain";
            }
        }
        List<Part> children = List.of();
        Part message = null;
        if (depth < MAX_DEPTH && type.equals("multipart") && params.containsKey("boundary")) {
            String sub = subtype.equals("digest") ? "message" : "text";
            String subSub = subtype.equals("digest") ? "rfc822" : "plain";
            children = new ArrayList<>();
            for (int[] range : split(bodyStart, to, params.get("boundary"))) {
                children.add(parse(range[0], range[1], sub, subSub, depth + 1));
            }
        } else if (depth < MAX_DEPTH && type.equals("message") && subtype.equals("rfc822")) {
            message = parse(bodyStart, to, "text", "plain", depth + 1);
        }
        return new Part(from, bodyStart, to, fields, type, subtype, params, children, message);
    }

    /** The ranges of the parts between the boundary lines of a multipart body. */
    private List<int[]> split(int from, int to, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> parts = new ArrayList<>();
        int partStart = -1;
        int i = from;
        while (i < to) {
            int lineEnd = i;
            while (lineEnd < to && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            if (startsWith(i, lineEnd, delimiter)) {
                int contentEnd = i >= 2 && bytes[i - 1] == '\n' && bytes[i - 2] == '\r' ? i - 2 : i;
                if (partStart >= 0) {
                    parts.add(new int[] {partStart, Math.max(partStart, contentEnd)});
                }
                boolean close = i + delimiter.length + 1 < to && bytes[i + delimiter.length] == '-'
                        && bytes[i + delimiter.length + 1] == '-';
                if (close) {
                    return parts;
                }
                partStart = Math.min(to, lineEnd + 1);
            }
            i = lineEnd + 1;
        }
        if (partStart >= 0 && partStart < to) {
            parts.add(new int[] {partStart, to});
        }
        return parts;
    }

    private boolean startsWith(int from, int lineEnd, byte[] prefix) {
        if (lineEnd - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (bytes[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** Splits a header value at the semicolons outside quoted strings. */
    private static List<String> splitParams(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    private static Map<String, String> params(List<String> pieces) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : pieces.subList(1, pieces.size())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            if (!name.isEmpty()) {
                params.putIfAbsent(name, value);
            }
        }
        return params;
    }

    private static String nstring(String s) {
        if (s == null) {
            return "NIL";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 127) {
                return "{" + s.length() + "}\r\n" + s;
            }
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private String envelope(Part p) {
        String from = addresses(p.field("From"));
        String sender = p.field("Sender") == null ? from : addresses(p.field("Sender"));
        String replyTo = p.field("Reply-To") == null ? from : addresses(p.field("Reply-To"));
        return "(" + nstring(p.field("Date")) + " " + nstring(p.field("Subject")) + " " + from + " " + sender + " "
                + replyTo + " " + addresses(p.field("To")) + " " + addresses(p.field("Cc")) + " "
                + addresses(p.field("Bcc")) + " " + nstring(p.field("In-Reply-To")) + " "
                + nstring(p.field("Message-ID")) + ")";
    }

    /** An address list as ENVELOPE writes it: ((name adl mailbox host) ...), groups as RFC 3501 7.4.2 says; NIL if empty. */
    static String addresses(String value) {
        if (value == null || value.isBlank()) {
            return "NIL";
        }
        StringBuilder out = new StringBuilder("(");
        int count = 0;
        for (String item : splitTop(value, ',')) {
            String a = item.trim();
            if (a.isEmpty()) {
                continue;
            }
            int colon = indexOutside(a, ':');
            if (colon > 0 && (a.indexOf('<') < 0 || colon < a.indexOf('<'))) {
                // group: "name: a, b;"
                String group = unquote(a.substring(0, colon).trim());
                out.append("(NIL NIL ").append(nstring(group)).append(" NIL)");
                String members = a.substring(colon + 1);
                members = members.replaceAll(";\\s*$", "");
                for (String m : splitTop(members, ',')) {
                    if (!m.isBlank()) {
                        out.append(address(m.trim()));
                    }
                }
                out.append("(NIL NIL NIL NIL)");
                count++;
                continue;
            }
            if (a.endsWith(";")) {
                a = a.substring(0, a.length() - 1).trim();
                out.append(address(a)).append("(NIL NIL NIL NIL)");
                count++;
                continue;
            }
            out.append(address(a));
            count++;
        }
        return count == 0 ? "NIL" : out.append(')').toString();
    }

    private static String address(String a) {
        String name = null;
        String spec;
        int lt = indexOutside(a, '<');
        if (lt >= 0) {
            int gt = a.indexOf('>', lt);
            spec = a.substring(lt + 1, gt < 0 ? a.length() : gt).trim();
            String n = a.substring(0, lt).trim();
            name = n.isEmpty() ? null : unquote(n);
        } else {
            int paren = indexOutside(a, '(');
            if (paren >= 0) {
                int close = a.lastIndexOf(')');
                String comment = a.substring(paren + 1, close > paren ? close : a.length()).trim();
                name = comment.isEmpty() ? null : comment;
                spec = a.substring(0, paren).trim();
            } else {
                spec = a;
            }
        }
        String route = null;
        if (spec.startsWith("@") && spec.indexOf(':') > 0) {
            route = spec.substring(0, spec.indexOf(':'));
            spec = spec.substring(spec.indexOf(':') + 1);
        }
        int at = spec.lastIndexOf('@');
        String mailbox = at < 0 ? spec : spec.substring(0, at);
        String host = at < 0 ? null : spec.substring(at + 1);
        if (mailbox.isEmpty()) {
            mailbox = null;
        }
        if (host != null && host.isEmpty()) {
            host = null;
        }
        if (host == null && mailbox != null) {
            host = "MISSING_DOMAIN";
        }
        if (mailbox == null && host == null) {
            mailbox = "MISSING_MAILBOX";
            host = "MISSING_DOMAIN";
        }
        return "(" + nstring(name) + " " + nstring(route) + " " + nstring(unquote(mailbox)) + " " + nstring(host) + ")";
    }

    private static String unquote(String s) {
        if (s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return s;
    }

    private static int indexOutside(String s, char target) {
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(' && target != '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (!quoted && depth == 0 && c == target) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at {@code sep} outside quotes, comments, angle brackets and groups. */
    private static List<String> splitTop(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int parens = 0;
        boolean angle = false;
        boolean group = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"' && parens == 0) {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '(') {
                    parens++;
                } else if (c == ')' && parens > 0) {
                    parens--;
                } else if (c == '<' && parens == 0) {
                    angle = true;
                } else if (c == '>' && parens == 0) {
                    angle = false;
                } else if (c == ':' && parens == 0 && !angle && sep == ',') {
                    group = true;
                } else if (c == ';' && parens == 0 && !angle && group) {
                    group = false;
                    current.append(c);
                    out.add(current.toString());
                    current.setLength(0);
                    continue;
                }
            }
            if (c == sep && !quoted && parens == 0 && !angle && !group) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private String structure(Part p, boolean extended) {
        StringBuilder sb = new StringBuilder("(");
        if (p.multipart() && !p.children().isEmpty()) {
            for (Part c : p.children()) {
                sb.append(structure(c, extended));
            }
            sb.append(' ').append(nstring(p.subtype()));
            if (extended) {
                sb.append(' ').append(paramList(p.params())).append(' ').append(disposition(p))
                        .append(' ').append(nstring(lower(p.field("Content-Language"))))
                        .append(' ').append(nstring(p.field("Content-Location")));
            }
            return sb.append(')').toString();
        }
        String type = p.multipart() ? "text" : p.type();
        String subtype = p.multipart() ? "plain" : p.subtype();
        Map<String, String> params = p.params();
        if (type.equals("text") && !params.containsKey("charset")) {
            Map<String, String> withCharset = new LinkedHashMap<>();
            withCharset.put("charset", "us-ascii");
            withCharset.putAll(params);
            params = withCharset;
        }
        String encoding = p.field("Content-Transfer-Encoding");
        int size = p.end() - p.bodyStart();
        sb.append(nstring(type)).append(' ').append(nstring(subtype)).append(' ').append(paramList(params))
                .append(' ').append(nstring(p.field("Content-ID")))
                .append(' ').append(nstring(p.field("Content-Description")))
                .append(' ').append(nstring(encoding == null ? "7bit" : encoding.trim()))
                .append(' ').append(size);
        if (p.rfc822()) {
            sb.append(' ').append(envelope(p.message())).append(' ').append(structure(p.message(), extended))
                    .append(' ').append(lines(p));
        } else if (type.equals("text")) {
            sb.append(' ').append(lines(p));
        }
        if (extended) {
            sb.append(' ').append(nstring(p.field("Content-MD5"))).append(' ').append(disposition(p))
                    .append(' ').append(nstring(lower(p.field("Content-Language"))))
                    .append(' ').append(nstring(p.field("Content-Location")));
        }
        return sb.append(')').toString();
    }

    private int lines(Part p) {
        int n = 0;
        for (int i = p.bodyStart(); i < p.end(); i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String paramList(Map<String, String> params) {
        if (params.isEmpty()) {
            return "NIL";
        }
        StringBuilder sb = new StringBuilder("(");
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sb.length() > 1 ? " " : "").append(nstring(e.getKey())).append(' ').append(nstring(e.getValue()));
        }
        return sb.append(')').toString();
    }

    private static String disposition(Part p) {
        String d = p.field("Content-Disposition");
        if (d == null) {
            return "NIL";
        }
        List<String> pieces = splitParams(d);
        return "(" + nstring(pieces.get(0).trim().toLowerCase(Locale.ROOT)) + " " + paramList(params(pieces)) + ")";
    }
}
