package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.command.EnableCommand;

/** ENABLE (RFC 5161): CONDSTORE and QRESYNC (which implies CONDSTORE, RFC 7162). */
public final class EnableHandler implements CommandHandler<EnableCommand> {
    @Override
    public void run(ImapSession session, String tag, EnableCommand command) {
        List<String> now = new ArrayList<>();
        for (String capability : command.capabilities()) {
            String c = capability.toUpperCase(Locale.ROOT);
            if ((c.equals("CONDSTORE") || c.equals("QRESYNC")) && session.enabled().add(c)) {
                now.add(c);
            }
        }
        if (session.qresync()) {
            session.enabled().add("CONDSTORE");
        }
        session.untagged("ENABLED" + (now.isEmpty() ? "" : " " + String.join(" ", now)));
        if (session.selected() != null && session.condStore()) {
            session.selected().enableCondStore(session);
        }
        session.ok(tag, "Enabled.");
    }
}
