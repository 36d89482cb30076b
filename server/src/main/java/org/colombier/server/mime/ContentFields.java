package org.colombier.server.mime;

import java.util.ArrayList;
import java.util.List;

/** The Content-* fields of one MIME header, parsed the way Dovecot reads them for BODYSTRUCTURE. */
record ContentFields(String type, String subtype, List<Param> typeParams, String id, String description,
                     String encoding, String md5, String disposition, List<Param> dispositionParams,
                     List<String> language, String location) {

    private static final ContentFields NONE =
            new ContentFields(null, null, List.of(), null, null, null, null, null, List.of(), null, null);

    /**
     * The Content-* fields of a header. A message (top-level or enclosed) that has neither
     * MIME-Version nor Content-Type is not MIME: Dovecot ignores its Content-* fields then.
     */
    static ContentFields of(Header header, boolean messageRoot) {
        if (messageRoot && header.first("MIME-Version") == null && header.first("Content-Type") == null) {
            return NONE;
        }
        String type = null;
        String subtype = null;
        List<Param> typeParams = List.of();
        String ct = header.value("Content-Type");
        if (ct != null) {
            ContentValue v = ContentValue.parse(ct);
            if (v.value() != null) {
                int slash = v.value().indexOf('/');
                type = slash < 0 ? v.value() : v.value().substring(0, slash);
                subtype = slash < 0 ? "" : v.value().substring(slash + 1);
                // like Dovecot: a broken type is kept as far as it goes, its parameters are not read
                typeParams = slash < 0 || subtype.isEmpty() ? List.of() : List.copyOf(v.params());
            }
        }
        String disposition = null;
        List<Param> dispositionParams = List.of();
        String cd = header.value("Content-Disposition");
        if (cd != null) {
            ContentValue v = ContentValue.parse(cd);
            disposition = v.value();
            dispositionParams = disposition == null ? List.of() : List.copyOf(v.params());
        }
        String encoding = encoding(header.value("Content-Transfer-Encoding"));
        return new ContentFields(type, subtype, typeParams, header.value("Content-ID"),
                header.value("Content-Description"), encoding, header.value("Content-MD5"), disposition,
                dispositionParams, language(header.value("Content-Language")), header.value("Content-Location"));
    }

    /** The encoding token, or null when the value is anything more than one token (as Dovecot). */
    private static String encoding(String value) {
        if (value == null) {
            return null;
        }
        int[] pos = {0};
        ContentValue.skipCfws(value, pos);
        int start = pos[0];
        while (pos[0] < value.length() && "()<>@,;:\\\"/[]?= \t\r\n".indexOf(value.charAt(pos[0])) < 0) {
            pos[0]++;
        }
        int end = pos[0];
        ContentValue.skipCfws(value, pos);
        return end > start && pos[0] == value.length() ? value.substring(start, end) : null;
    }

    private static List<String> language(String value) {
        if (value == null) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < value.length()) {
            ContentValue.skipCfws(value, pos);
            int start = pos[0];
            while (pos[0] < value.length() && ",( \t\r\n".indexOf(value.charAt(pos[0])) < 0) {
                pos[0]++;
            }
            if (pos[0] > start) {
                tags.add(value.substring(start, pos[0]));
            }
            ContentValue.skipCfws(value, pos);
            if (pos[0] < value.length()) {
                pos[0]++;
            }
        }
        return tags.isEmpty() ? null : List.copyOf(tags);
    }

    boolean isType(String t, String s) {
        return type != null && type.equalsIgnoreCase(t) && subtype.equalsIgnoreCase(s);
    }
}
