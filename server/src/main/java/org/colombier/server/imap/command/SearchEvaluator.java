package org.colombier.server.imap.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.MessageBytes;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.command.SearchKey;

/**
 * Evaluates SEARCH criteria (RFC 3501 6.4.4) on one message. Metadata keys use the index only;
 * the message file is read once, and only when a header, body or text key needs it.
 */
final class SearchEvaluator {
    private final ImapSession session;
    private final SelectedMailbox view;
    private final Instant now = Instant.now();
    /** Sequence and UID sets resolved once per command, not once per message. */
    private final java.util.Map<SearchKey, org.colombier.api.storage.UidSet> resolved = new java.util.IdentityHashMap<>();
    private MessageInfo current;
    private byte[] content;

    SearchEvaluator(ImapSession session, SelectedMailbox view) {
        this.session = session;
        this.view = view;
    }

    boolean matches(SearchKey key, MessageInfo info) throws StoreException {
        if (current != info) {
            current = info;
            content = null;
        }
        return eval(key, info);
    }

    private boolean eval(SearchKey key, MessageInfo info) throws StoreException {
        if (key instanceof SearchKey.All) {
            return true;
        } else if (key instanceof SearchKey.Flag f) {
            return info.flags().has(f.flag()) == f.set();
        } else if (key instanceof SearchKey.Recent r) {
            return view.isRecent(info.uid()) == r.recent();
        } else if (key instanceof SearchKey.Keyword k) {
            return info.flags().hasKeyword(k.keyword()) == k.set();
        } else if (key instanceof SearchKey.Size s) {
            return s.larger() ? info.virtualSize() > s.size() : info.virtualSize() < s.size();
        } else if (key instanceof SearchKey.Within w) {
            long age = now.getEpochSecond() - info.internalDate().getEpochSecond();
            return w.older() ? age >= w.seconds() : age <= w.seconds();
        } else if (key instanceof SearchKey.ModSeq m) {
            return info.modSeq() >= m.modSeq();
        } else if (key instanceof SearchKey.Sequence s) {
            return resolved.computeIfAbsent(key, k -> view.resolve(s.set(), false, session.savedSearch()))
                    .contains(info.uid());
        } else if (key instanceof SearchKey.Uid u) {
            return resolved.computeIfAbsent(key, k -> view.resolve(u.set(), true, session.savedSearch()))
                    .contains(info.uid());
        } else if (key instanceof SearchKey.Not n) {
            return !eval(n.key(), info);
        } else if (key instanceof SearchKey.Or o) {
            return eval(o.left(), info) || eval(o.right(), info);
        } else if (key instanceof SearchKey.And a) {
            for (SearchKey k : a.keys()) {
                if (!eval(k, info)) {
                    return false;
                }
            }
            return true;
        } else if (key instanceof SearchKey.Date d) {
            LocalDate date = d.field() == SearchKey.DateField.INTERNAL
                    ? info.internalDate().atZone(ZoneId.systemDefault()).toLocalDate() : sentDate(info);
            if (date == null) {
                return false;
            }
            return switch (d.comparison()) {
                case BEFORE -> date.isBefore(d.date());
                case ON -> date.isEqual(d.date());
                case SINCE -> !date.isBefore(d.date());
            };
        } else if (key instanceof SearchKey.Header h) {
            String field = h.field();
            for (String[] f : headerFields(info)) {
                if (f[0].equalsIgnoreCase(field) && contains(decode(f[1]), h.value())) {
                    return true;
                }
            }
            return false;
        } else if (key instanceof SearchKey.Body b) {
            byte[] m = content(info);
            int start = MessageBytes.bodyStart(m, 0, m.length);
            return contains(new String(m, start, m.length - start, StandardCharsets.UTF_8), b.text());
        } else if (key instanceof SearchKey.Text t) {
            byte[] m = content(info);
            return contains(decode(new String(m, StandardCharsets.UTF_8)), t.text());
        }
        throw new IllegalStateException("unknown search key " + key);
    }

    private List<String[]> headerFields(MessageInfo info) throws StoreException {
        byte[] m = content(info);
        return MessageBytes.fields(m, 0, MessageBytes.bodyStart(m, 0, m.length));
    }

    private LocalDate sentDate(MessageInfo info) throws StoreException {
        for (String[] f : headerFields(info)) {
            if (f[0].equalsIgnoreCase("Date")) {
                String v = f[1].replaceAll("\\s*\\([^)]*\\)\\s*$", "").replaceAll("\\s+", " ").trim();
                try {
                    return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate();
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private byte[] content(MessageInfo info) throws StoreException {
        if (content == null) {
            content = MessageBytes.read(view.mailbox(), info.uid());
        }
        return content;
    }

    private static String decode(String value) {
        return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    }

    /** Case-insensitive substring match, as RFC 3501 asks for header, body and text keys. */
    static boolean contains(String haystack, String needle) {
        return needle.isEmpty() || haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    /** Whether the criteria include MODSEQ, which adds the highest modseq to the answer (RFC 7162 3.1.5). */
    static boolean usesModSeq(SearchKey key) {
        if (key instanceof SearchKey.ModSeq) {
            return true;
        } else if (key instanceof SearchKey.Not n) {
            return usesModSeq(n.key());
        } else if (key instanceof SearchKey.Or o) {
            return usesModSeq(o.left()) || usesModSeq(o.right());
        } else if (key instanceof SearchKey.And a) {
            return a.keys().stream().anyMatch(SearchEvaluator::usesModSeq);
        }
        return false;
    }
}
