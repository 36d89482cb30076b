package org.colombier.storage.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.colombier.api.storage.support.Durability;

/**
 * {@code dovecot-uidlist}: version 3 as Dovecot 1.1+ writes it (header {@code 3 V<uidvalidity>
 * N<nextuid> G<guid>}, then {@code <uid>[ <K><value>]… :<basename>} per message), and version 1
 * (Courier-compatible) for reading. Unknown header fields and per-record extension fields are kept
 * verbatim so a rewrite loses nothing Dovecot stored. Records are only ever added at the end
 * ({@link #append}), in place, so a mailbox of 100,000 messages is not copied per delivery.
 */
final class UidList {
    static final String FILE = "dovecot-uidlist";
    /** Dovecot refuses UID 2^32 - 1 and above in a uidlist. */
    private static final long MAX_UID = 0xFFFF_FFFFL;

    private final long uidValidity;
    private final long headerNextUid;
    private final String guid;
    private final String otherHeaderFields;
    private final List<Entry> entries;
    private final Map<String, Entry> byBase;
    /** True when the file must be rewritten rather than appended to (old version, bad order, torn last line, no GUID). */
    private final boolean needsRewrite;

    /** One record; {@code ext} holds the extension fields verbatim, e.g. {@code "S108 W115"}. */
    record Entry(long uid, String ext, String base) {
        /** The value of extension field {@code key}, or null. */
        String ext(char key) {
            for (String f : ext.split(" ")) {
                if (!f.isEmpty() && f.charAt(0) == key) {
                    return f.substring(1);
                }
            }
            return null;
        }

        String line() {
            return uid + (ext.isEmpty() ? "" : " " + ext) + " :" + base + "\n";
        }
    }

    UidList(long uidValidity, long headerNextUid, String guid, String otherHeaderFields, List<Entry> entries, boolean needsRewrite) {
        this.uidValidity = uidValidity;
        this.headerNextUid = headerNextUid;
        this.guid = guid;
        this.otherHeaderFields = otherHeaderFields;
        this.entries = new ArrayList<>(entries);
        this.byBase = new HashMap<>(entries.size() * 2);
        for (Entry e : entries) {
            byBase.put(e.base(), e); // a base listed twice: the later UID wins, as in Dovecot
        }
        this.needsRewrite = needsRewrite;
    }

    static UidList empty(long uidValidity, String guid) {
        return new UidList(uidValidity, 1, guid, "", List.of(), true);
    }

    long uidValidity() {
        return uidValidity;
    }

    String guid() {
        return guid;
    }

    List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    Entry byBase(String base) {
        return byBase.get(base);
    }

    boolean needsRewrite() {
        return needsRewrite;
    }

    /** Dovecot's rule: the next UID is the larger of the header's N and the last record's UID + 1. */
    long nextUid() {
        long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).uid();
        return Math.max(headerNextUid, last + 1);
    }

    /** Adds records at the end (their UIDs must be at least {@link #nextUid()}); returns this list. */
    UidList append(List<Entry> added) {
        for (Entry e : added) {
            entries.add(e);
            byBase.put(e.base(), e);
        }
        return this;
    }

    /** This list keeping only the entries {@code keep} accepts; the header's N is raised so no UID comes back. */
    UidList retain(Predicate<Entry> keep) {
        List<Entry> kept = entries.stream().filter(keep).toList();
        return new UidList(uidValidity, nextUid(), guid, otherHeaderFields, kept, true);
    }

    /** This list under another UIDVALIDITY (a migrated mailbox); written by a rewrite. */
    UidList withUidValidity(long newUidValidity) {
        return new UidList(newUidValidity, nextUid(), guid, otherHeaderFields, entries, true);
    }

    /** A copy with the header's next UID raised to at least {@code next}. */
    UidList withNextUid(long next) {
        return new UidList(uidValidity, Math.max(nextUid(), next), guid, otherHeaderFields, entries, true);
    }

    String header() {
        return "3 V" + uidValidity + " N" + nextUid() + " G" + guid + otherHeaderFields + "\n";
    }

    /** Reads the file, or null when there is none. */
    static UidList read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses file content; a malformed header gives null (the file counts as missing). */
    static UidList parse(String content) {
        int nl = content.indexOf('\n');
        if (nl < 0) {
            return null;
        }
        String[] header = content.substring(0, nl).split(" ");
        long validity = 0;
        long next = 0;
        String guid = null;
        StringBuilder other = new StringBuilder();
        boolean v1 = header[0].equals("1");
        if (v1) {
            if (header.length < 3) {
                return null;
            }
            validity = parseUnsigned(header[1]);
            next = parseUnsigned(header[2]);
        } else if (header[0].equals("3")) {
            for (int i = 1; i < header.length; i++) {
                String f = header[i];
                if (f.isEmpty()) {
                    continue;
                }
                switch (f.charAt(0)) {
                    case 'V' -> validity = parseUnsigned(f.substring(1));
                    case 'N' -> next = parseUnsigned(f.substring(1));
                    case 'G' -> guid = f.substring(1);
                    default -> other.append(' ').append(f);
                }
            }
        } else {
            return null;
        }
        if (validity <= 0 || next <= 0) {
            return null;
        }
        boolean rewrite = v1 || guid == null || guid.length() != 32 || !content.endsWith("\n");
        List<Entry> entries = new ArrayList<>();
        long last = 0;
        int pos = nl + 1;
        while (pos < content.length()) {
            int end = content.indexOf('\n', pos);
            if (end < 0) {
                break; // a torn last line from a crash mid-append: that append never returned success
            }
            Entry e = v1 ? parseV1(content.substring(pos, end)) : parseV3(content.substring(pos, end));
            pos = end + 1;
            if (e == null || e.uid() <= last || e.uid() >= MAX_UID || e.base().contains("/")) {
                rewrite = true; // Dovecot calls this file broken; the dropped files get new UIDs
                continue;
            }
            entries.add(e);
            last = e.uid();
        }
        return new UidList(validity, next, guid == null || guid.length() != 32 ? Guids.random() : guid,
                other.toString(), entries, rewrite);
    }

    private static Entry parseV1(String line) {
        int sp = line.indexOf(' ');
        if (sp <= 0) {
            return null;
        }
        long uid = parseUnsigned(line.substring(0, sp));
        String name = line.substring(sp + 1);
        return uid <= 0 ? null : new Entry(uid, "", MaildirName.parse(name).base());
    }

    private static Entry parseV3(String line) {
        int sp = line.indexOf(' ');
        if (sp <= 0) {
            return null;
        }
        long uid = parseUnsigned(line.substring(0, sp));
        int pos = sp;
        StringBuilder ext = new StringBuilder();
        while (pos < line.length() && line.charAt(pos) == ' ') {
            if (pos + 1 < line.length() && line.charAt(pos + 1) == ':') {
                String base = line.substring(pos + 2);
                return uid <= 0 || base.isEmpty() ? null : new Entry(uid, ext.toString(), base);
            }
            int next = line.indexOf(' ', pos + 1);
            if (next < 0) {
                return null;
            }
            if (ext.length() > 0) {
                ext.append(' ');
            }
            ext.append(line, pos + 1, next);
            pos = next;
        }
        return null;
    }

    private static long parseUnsigned(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    String format() {
        StringBuilder sb = new StringBuilder(header());
        for (Entry e : entries) {
            sb.append(e.line());
        }
        return sb.toString();
    }

    /**
     * Rewrites the whole file: {@code dovecot-uidlist.tmp}, synced, renamed over the old one.
     * Returns the list as now on disk, fit for appending.
     */
    UidList writeAtomic(Path file, Durability durability) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        durability.writeAtomic(tmp, file, format().getBytes(StandardCharsets.UTF_8));
        return new UidList(uidValidity, nextUid(), guid, otherHeaderFields, entries, false);
    }

    /** Appends records to the file in place, the way Dovecot adds new UIDs without rewriting the header. */
    static void appendToFile(Path file, List<Entry> added, Durability durability) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Entry e : added) {
            sb.append(e.line());
        }
        durability.append(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
