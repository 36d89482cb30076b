package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.colombier.api.storage.MailboxPath;
import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.ListCommand;
import org.colombier.server.imap.protocol.command.ListCommand.Return;
import org.colombier.server.imap.protocol.command.ListCommand.Selection;

/** LIST (RFC 3501 6.3.8) with LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819) and SPECIAL-USE (RFC 6154). */
public final class ListHandler implements CommandHandler<ListCommand> {
    @Override
    public void run(ImapSession session, String tag, ListCommand command) throws StoreException {
        char sep = session.config().separator();
        if (!command.extended() && command.patterns().get(0).isEmpty()) {
            // RFC 3501: an empty pattern asks for the separator and the root of the reference
            session.untagged("LIST (\\Noselect) \"" + (sep == '"' || sep == '\\' ? "\\" + sep : sep) + "\" \"\"");
            session.ok(tag, "List completed.");
            return;
        }
        boolean subscribedOnly = command.selection().contains(Selection.SUBSCRIBED);
        boolean recursive = command.selection().contains(Selection.RECURSIVEMATCH);
        boolean specialOnly = command.selection().contains(Selection.SPECIAL_USE);
        boolean returnSubscribed = subscribedOnly || command.returnOptions().contains(Return.SUBSCRIBED);
        List<Pattern> patterns = MailboxLister.patterns(command.reference(), command.patterns(), sep);
        Map<String, MailboxLister.Item> existing = MailboxLister.existing(session, true);
        Map<String, MailboxLister.Item> subscribed = returnSubscribed ? MailboxLister.subscribed(session, existing) : Map.of();
        Map<String, MailboxLister.Item> out = new LinkedHashMap<>();
        if (subscribedOnly) {
            for (MailboxLister.Item item : subscribed.values()) {
                if (MailboxLister.matchesAny(patterns, item.name())) {
                    out.put(item.name(), item);
                } else if (recursive) {
                    // RFC 5258 3.5: a parent that matches is listed for a subscribed child that does not
                    for (MailboxPath p = item.path().parent(); p != null; p = p.parent()) {
                        String name = session.names().name(p);
                        if (!subscribed.containsKey(name) && !out.containsKey(name)
                                && MailboxLister.matchesAny(patterns, name)) {
                            MailboxLister.Item e = existing.get(name);
                            List<String> attrs = e == null ? List.of("\\NonExistent") : e.attributes();
                            out.put(name, new MailboxLister.Item(name, p, attrs, true));
                        }
                    }
                }
            }
        } else {
            for (MailboxLister.Item item : existing.values()) {
                if (!MailboxLister.matchesAny(patterns, item.name())) {
                    continue;
                }
                if (specialOnly && session.config().specialUse(item.name()) == null) {
                    continue;
                }
                List<String> attrs = new ArrayList<>(item.attributes());
                if (returnSubscribed && subscribed.containsKey(item.name())) {
                    attrs.add("\\Subscribed");
                }
                out.put(item.name(), new MailboxLister.Item(item.name(), item.path(), attrs, false));
            }
        }
        for (MailboxLister.Item item : out.values()) {
            MailboxLister.send(session, "LIST", item);
            if (command.returnOptions().contains(Return.STATUS) && !item.attributes().contains("\\Noselect")
                    && !item.attributes().contains("\\NonExistent")) {
                try {
                    StatusHandler.send(session, item.name(), item.path(), command.statusItems());
                } catch (StoreException e) {
                    // RFC 5819: a mailbox whose status cannot be had is listed without it
                }
            }
        }
        session.ok(tag, "List completed.");
    }
}
