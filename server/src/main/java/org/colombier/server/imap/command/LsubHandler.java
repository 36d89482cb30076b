package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.LsubCommand;

/**
 * LSUB (RFC 3501 6.3.9): subscribed names matching the pattern; a parent that only matched through
 * {@code %} is listed \Noselect.
 */
public final class LsubHandler implements CommandHandler<LsubCommand> {
    @Override
    public void run(ImapSession session, String tag, LsubCommand command) throws StoreException {
        char sep = session.config().separator();
        if (command.pattern().isEmpty()) {
            session.untagged("LSUB (\\Noselect) \"" + sep + "\" \"\"");
            session.ok(tag, "Lsub completed.");
            return;
        }
        List<Pattern> patterns = MailboxLister.patterns(command.reference(), List.of(command.pattern()), sep);
        Map<String, MailboxLister.Item> existing = MailboxLister.existing(session, false);
        java.util.Set<String> sent = new java.util.HashSet<>();
        for (MailboxLister.Item item : MailboxLister.subscribed(session, existing).values()) {
            List<String> attrs = new ArrayList<>();
            MailboxLister.Item e = existing.get(item.name());
            if (e == null || e.attributes().contains("\\Noselect")) {
                attrs.add("\\Noselect");
            }
            if (MailboxLister.matchesAny(patterns, item.name())) {
                if (sent.add(item.name())) {
                    MailboxLister.send(session, "LSUB", new MailboxLister.Item(item.name(), item.path(), attrs, false));
                }
                continue;
            }
            for (org.colombier.api.storage.MailboxPath p = item.path().parent(); p != null; p = p.parent()) {
                String name = session.names().name(p);
                if (MailboxLister.matchesAny(patterns, name) && sent.add(name)) {
                    MailboxLister.send(session, "LSUB", new MailboxLister.Item(name, p, List.of("\\Noselect"), false));
                }
            }
        }
        session.ok(tag, "Lsub completed.");
    }
}
