package org.colombier.doveadm;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.colombier.api.storage.Flags;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code doveadm fetch -u USER|-A FIELDS QUERY}: the fields of every matching message, by default in
 * the pager layout ({@code field: value} lines, a form feed between messages). Fields: user mailbox
 * mailbox-guid seq uid guid flags modseq hdr hdr.NAME body text size.physical size.virtual
 * date.received date.saved date.received.unixtime date.saved.unixtime pop3.uidl. {@code date.saved}
 * is the received date (the driver keeps no separate save time). An unknown field is status 64.
 */
@Command(name = "fetch", description = "Print fields of the messages matching a search query.")
final class FetchCommand extends SearchMailCommand implements Callable<Integer> {
    static final List<String> FIELDS = List.of("user", "mailbox", "mailbox-guid", "seq", "uid", "guid", "flags", "modseq",
            "hdr", "body", "text", "size.physical", "size.virtual", "date.received", "date.saved",
            "date.received.unixtime", "date.saved.unixtime", "pop3.uidl");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Parameters(index = "0", paramLabel = "FIELDS", description = "Space-separated fields (hdr.NAME for one header).")
    String fields;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "Search query.")
    List<String> queryWords;

    @Override
    public Integer call() {
        List<String> wanted = List.of(fields.trim().split("\\s+"));
        for (String field : wanted) {
            if (!FIELDS.contains(field) && !field.startsWith("hdr.")) {
                spec.commandLine().getErr().println("Available fetch fields: hdr.<name> " + String.join(" ", FIELDS));
                throw Doveadm.ExitException.usage("Unknown fetch field: " + field);
            }
        }
        SearchQuery query = query(queryWords);
        Formatter f = doveadm.formatter("pager", wanted.stream().map(Formatter.Column::of).toList());
        int status = run((user, mailboxes) -> MailboxMatch.search(mailboxes, query, separator(), (mailbox, matches) -> {
            String guid = mailbox.status().guid();
            for (Message m : matches) {
                List<String> row = new ArrayList<>();
                for (String field : wanted) {
                    row.add(value(field, m, user.user(), mailbox.path().join(separator()), guid));
                }
                f.row(row);
            }
        }));
        f.print(out());
        return status;
    }

    private static String value(String field, Message m, String user, String mailbox, String mailboxGuid)
            throws StoreException {
        if (field.startsWith("hdr.")) {
            return String.join(", ", m.headerValues(field.substring(4)));
        }
        return switch (field) {
            case "user" -> user;
            case "mailbox" -> mailbox;
            case "mailbox-guid" -> mailboxGuid == null ? "" : mailboxGuid;
            case "seq" -> String.valueOf(m.seq);
            case "uid" -> String.valueOf(m.info.uid());
            case "guid" -> m.info.guid() == null ? "" : m.info.guid();
            case "flags" -> flags(m.info.flags());
            case "modseq" -> String.valueOf(m.info.modSeq());
            case "hdr" -> m.header().replace("\r\n", "\n");
            case "body" -> m.body().replace("\r\n", "\n");
            case "text" -> m.text().replace("\r\n", "\n");
            case "size.physical" -> String.valueOf(m.info.size());
            case "size.virtual" -> String.valueOf(m.info.virtualSize());
            case "date.received", "date.saved" -> DATE.format(m.info.internalDate());
            case "date.received.unixtime", "date.saved.unixtime" -> String.valueOf(m.info.internalDate().getEpochSecond());
            default -> m.info.pop3Uidl() == null ? "" : m.info.pop3Uidl();
        };
    }

    /** IMAP flag names, system flags first, space-separated. */
    static String flags(Flags flags) {
        List<String> names = new ArrayList<>();
        for (SystemFlag flag : SystemFlag.values()) {
            if (flags.has(flag)) {
                names.add(flag.imapName());
            }
        }
        names.addAll(flags.keywords().stream().sorted().toList());
        return String.join(" ", names);
    }
}
