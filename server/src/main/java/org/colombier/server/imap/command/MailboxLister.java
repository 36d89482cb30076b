package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.colombier.api.storage.MailboxAttribute;
import org.colombier.api.storage.MailboxEntry;
import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.ResponseBuilder;

/** LIST and LSUB matching (RFC 3501 6.3.8-9, RFC 5258): patterns, attributes, subscriptions. */
final class MailboxLister {
    /** One name to list, with its attributes and (RFC 5258 CHILDINFO) whether subscribed children matched. */
    record Item(String name, MailboxPath path, List<String> attributes, boolean childSubscribed) {
    }

    private MailboxLister() {
    }

    /** A LIST pattern as a regex: {@code *} anything, {@code %} anything but the separator. */
    static Pattern pattern(String reference, String pattern, char separator) {
        String full = reference + pattern;
        StringBuilder re = new StringBuilder();
        for (char c : full.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '%') {
                re.append("[^").append(Pattern.quote(String.valueOf(separator))).append("]*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Patterns with INBOX in any case at their start folded to {@code INBOX}. */
    static List<Pattern> patterns(String reference, List<String> patterns, char separator) {
        List<Pattern> out = new ArrayList<>();
        for (String p : patterns) {
            String full = reference + p;
            if (full.regionMatches(true, 0, "INBOX", 0, 5)
                    && (full.length() == 5 || full.charAt(5) == separator)) {
                full = "INBOX" + full.substring(5);
            }
            out.add(pattern("", full, separator));
        }
        return out;
    }

    /** The existing mailboxes (and \Noselect parents) with their attributes, by name. */
    static Map<String, Item> existing(ImapSession session, boolean specialUse) throws StoreException {
        Map<String, Item> out = new TreeMap<>();
        for (MailboxEntry e : session.mailboxes().list()) {
            String name = session.names().name(e.path());
            List<String> attrs = new ArrayList<>();
            Set<MailboxAttribute> a = e.attributes().isEmpty() ? EnumSet.noneOf(MailboxAttribute.class)
                    : EnumSet.copyOf(e.attributes());
            if (a.contains(MailboxAttribute.NOSELECT)) {
                attrs.add("\\Noselect");
            }
            if (a.contains(MailboxAttribute.NOINFERIORS)) {
                attrs.add("\\NoInferiors");
            }
            if (a.contains(MailboxAttribute.HAS_CHILDREN)) {
                attrs.add("\\HasChildren");
            } else if (a.contains(MailboxAttribute.HAS_NO_CHILDREN)) {
                attrs.add("\\HasNoChildren");
            }
            String use = session.config().specialUse(name);
            if (use != null && specialUse) {
                attrs.add(use);
            }
            out.put(name, new Item(name, e.path(), attrs, false));
        }
        return out;
    }

    static void send(ImapSession session, String command, Item item) {
        ResponseBuilder b = ResponseBuilder.untagged().atom(command)
                .atom("(" + String.join(" ", item.attributes()) + ")")
                .string(String.valueOf(session.config().separator()))
                .mailbox(item.name());
        if (item.childSubscribed()) {
            b.openList().string("CHILDINFO").openList().string("SUBSCRIBED").closeList().closeList();
        }
        session.send(b.build());
    }

    /** Subscribed names with the existing ones' attributes; names that no longer exist are \NonExistent. */
    static Map<String, Item> subscribed(ImapSession session, Map<String, Item> existing) throws StoreException {
        Map<String, Item> out = new LinkedHashMap<>();
        for (MailboxPath path : new java.util.TreeSet<>(session.mailboxes().subscriptions())) {
            String name = session.names().name(path);
            Item e = existing.get(name);
            List<String> attrs = new ArrayList<>();
            if (e == null || e.attributes().contains("\\Noselect")) {
                attrs.add("\\NonExistent");
            } else {
                attrs.addAll(e.attributes());
            }
            attrs.add("\\Subscribed");
            out.put(name, new Item(name, path, attrs, false));
        }
        return out;
    }
}
