package org.colombier.server.imap.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.colombier.api.storage.Changes;
import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.api.storage.Mailbox;
import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.SystemFlag;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.BadCommandException;
import org.colombier.server.mime.ImapMimeWriter;
import org.colombier.server.mime.SectionContent;
import org.colombier.server.mime.Sections;
import org.colombier.server.mime.UnknownEncodingException;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.MessageBytes;
import org.colombier.server.imap.MessageCache;
import org.colombier.server.imap.ResponseBatch;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.ImapDates;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.command.FetchCommand;
import org.colombier.server.imap.protocol.command.FetchItem;
import org.colombier.server.imap.protocol.command.Section;

/**
 * [UID] FETCH (RFC 3501 6.4.5) with CHANGEDSINCE and VANISHED (RFC 7162). UID, FLAGS,
 * INTERNALDATE, RFC822.SIZE and MODSEQ come from the index; the message file is opened only for
 * content, and ENVELOPE/BODYSTRUCTURE come from the mailbox cache after their first computation.
 */
public final class FetchHandler implements CommandHandler<FetchCommand> {
    /** Messages whose cached values are looked up and stored at once: one store call per batch. */
    private static final int BATCH = 1000;

    @Override
    public void run(ImapSession session, String tag, FetchCommand command) throws StoreException {
        SelectedMailbox view = session.selected();
        Mailbox mailbox = view.mailbox();
        List<FetchItem> items = new ArrayList<>(command.items());
        boolean condStore = command.changedSince() >= 0 || items.contains(new FetchItem.Attribute(FetchItem.Kind.MODSEQ));
        if (condStore) {
            session.enabled().add("CONDSTORE");
            view.enableCondStore(session);
        }
        if (command.uid() && !items.contains(new FetchItem.Attribute(FetchItem.Kind.UID))) {
            items.add(0, new FetchItem.Attribute(FetchItem.Kind.UID));
        }
        if (command.changedSince() >= 0 && !items.contains(new FetchItem.Attribute(FetchItem.Kind.MODSEQ))) {
            items.add(new FetchItem.Attribute(FetchItem.Kind.MODSEQ));
        }
        UidSet uids = view.resolve(command.set(), command.uid(), session.savedSearch());
        if (command.vanished()) {
            if (!session.qresync()) {
                throw new BadCommandException("VANISHED needs ENABLE QRESYNC");
            }
            vanished(session, view, command);
        }
        List<MessageInfo> infos = uids.isEmpty() ? List.of() : mailbox.messages(uids);
        if (command.changedSince() >= 0) {
            infos = infos.stream().filter(i -> i.modSeq() > command.changedSince()).toList();
        }
        Map<Long, MessageInfo> seen = markSeen(view, items, infos);
        if (!seen.isEmpty() && !items.contains(new FetchItem.Attribute(FetchItem.Kind.FLAGS))) {
            items.add(new FetchItem.Attribute(FetchItem.Kind.FLAGS));
        }
        List<String> cachedFields = cachedFields(items);
        MessageCache cache = null;
        try (ResponseBatch out = new ResponseBatch(session)) {
            for (int i = 0; i < infos.size(); i++) {
                MessageInfo info = seen.getOrDefault(infos.get(i).uid(), infos.get(i));
                if (i % BATCH == 0) {
                    if (cache != null) {
                        cache.save();
                    }
                    List<MessageInfo> batch = infos.subList(i, Math.min(infos.size(), i + BATCH));
                    cache = MessageCache.load(mailbox, UidSet.range(batch.get(0).uid(), batch.get(batch.size() - 1).uid()),
                            cachedFields);
                }
                int seq = view.seq(info.uid());
                if (seq == 0) {
                    continue;
                }
                ResponseBuilder b = ResponseBuilder.untagged().number(seq).atom("FETCH").openList();
                FetchedMessage message = new FetchedMessage(mailbox, info, cache);
                try {
                    for (FetchItem item : items) {
                        item(view, message, b, item, info);
                    }
                } catch (UnknownEncodingException e) {
                    session.tagged(tag, "NO [UNKNOWN-CTE] " + e.getMessage());
                    return;
                }
                out.add(b.closeList().build());
            }
        } finally {
            if (cache != null) {
                cache.save();
            }
        }
        if (!command.uid() && infos.size() < uids.size() && command.changedSince() < 0) {
            session.tagged(tag, "NO [EXPUNGEISSUED] Some messages were expunged by another session.");
        } else {
            session.ok(tag, "Fetch completed.");
        }
    }

    /** The cache fields the items read: looked up for a batch of messages at once. */
    private static List<String> cachedFields(List<FetchItem> items) {
        List<String> fields = new ArrayList<>();
        for (FetchItem item : items) {
            if (item instanceof FetchItem.Attribute a) {
                switch (a.kind()) {
                    case ENVELOPE -> fields.add(FetchedMessage.ENVELOPE);
                    case BODY -> fields.add(FetchedMessage.BODY);
                    case BODYSTRUCTURE -> fields.add(FetchedMessage.BODYSTRUCTURE);
                    default -> {
                        // from the index, or content
                    }
                }
            }
        }
        return fields;
    }

    private static void vanished(ImapSession session, SelectedMailbox view, FetchCommand command) throws StoreException {
        Changes changes = view.mailbox().changesSince(command.changedSince());
        UidSet asked = command.set().saved() ? session.savedSearch() : command.set().resolve(UidSet.MAX_UID);
        UidSet.Builder b = new UidSet.Builder();
        for (long uid : changes.expunged()) {
            if (asked.contains(uid)) {
                b.add(uid);
            }
        }
        UidSet gone = b.build();
        if (!gone.isEmpty()) {
            session.untagged("VANISHED (EARLIER) " + gone);
        }
    }

    /** Non-peek body fetches set \Seen (RFC 3501 6.4.5), unless the mailbox is read-only. */
    private static Map<Long, MessageInfo> markSeen(SelectedMailbox view, List<FetchItem> items, List<MessageInfo> infos)
            throws StoreException {
        boolean sets = items.stream().anyMatch(i -> i instanceof FetchItem.BodySection s && !s.peek()
                || i instanceof FetchItem.Attribute a && (a.kind() == FetchItem.Kind.RFC822 || a.kind() == FetchItem.Kind.RFC822_TEXT));
        Map<Long, MessageInfo> out = new HashMap<>();
        if (!sets || view.readOnly()) {
            return out;
        }
        UidSet.Builder unseen = new UidSet.Builder();
        boolean any = false;
        for (MessageInfo info : infos) {
            if (!info.flags().has(SystemFlag.SEEN)) {
                unseen.add(info.uid());
                any = true;
            }
        }
        if (!any) {
            return out;
        }
        List<MessageInfo> updated = view.mailbox().updateFlags(unseen.build(), FlagUpdate.add(Flags.of(SystemFlag.SEEN)),
                OptionalLong.empty()).updated();
        view.reported(updated);
        for (MessageInfo info : updated) {
            out.put(info.uid(), info);
        }
        return out;
    }

    private static void item(SelectedMailbox view, FetchedMessage message, ResponseBuilder b, FetchItem item,
                             MessageInfo info) throws StoreException, UnknownEncodingException {
        if (item instanceof FetchItem.Attribute a) {
            switch (a.kind()) {
                case UID -> b.atom("UID").number(info.uid());
                case FLAGS -> b.atom("FLAGS").atom(view.flags(info));
                case INTERNALDATE -> b.atom("INTERNALDATE").string(ImapDates.formatDateTime(
                        info.internalDate().atZone(ZoneId.systemDefault()).toOffsetDateTime()));
                case RFC822_SIZE -> b.atom("RFC822.SIZE").number(info.virtualSize());
                case MODSEQ -> b.atom("MODSEQ").atom("(" + info.modSeq() + ")");
                case RFC822 -> whole(b.atom("RFC822"), view.mailbox(), info);
                case RFC822_HEADER -> section(b.atom("RFC822.HEADER"), message,
                        new Section(List.of(), Section.Kind.HEADER, List.of()), null);
                case RFC822_TEXT -> section(b.atom("RFC822.TEXT"), message,
                        new Section(List.of(), Section.Kind.TEXT, List.of()), null);
                case ENVELOPE -> ImapMimeWriter.write(b.atom("ENVELOPE"), message.envelope());
                case BODY -> ImapMimeWriter.write(b.atom("BODY"), message.bodyStructure(false));
                case BODYSTRUCTURE -> ImapMimeWriter.write(b.atom("BODYSTRUCTURE"), message.bodyStructure(true));
            }
        } else if (item instanceof FetchItem.BodySection s) {
            b.atom(s.responseName());
            if (s.section().part().isEmpty() && s.section().kind() == Section.Kind.ALL && s.partial() == null) {
                whole(b, view.mailbox(), info);
            } else {
                section(b, message, s.section(), s.partial());
            }
        } else if (item instanceof FetchItem.Binary bin) {
            SectionContent content = Sections.binary(message.structure(), message.raw(), bin.part(), bin.partial());
            b.atom(bin.responseName());
            if (content == null) {
                b.nil();
            } else {
                byte[] bytes = content.bytes(message.raw());
                b.literal(bytes.length, () -> new ByteArrayInputStream(bytes), content.needsLiteral8(message.raw()));
            }
        } else if (item instanceof FetchItem.BinarySize size) {
            SectionContent content = Sections.binary(message.structure(), message.raw(), size.part(), null);
            b.atom(size.responseName());
            if (content == null) {
                b.nil();
            } else {
                b.number(content.length());
            }
        }
    }

    /** A BODY[section]: NIL when the message has no such part. */
    private static void section(ResponseBuilder b, FetchedMessage message, Section section, FetchItem.Partial partial)
            throws StoreException {
        SectionContent content = Sections.resolve(message.structure(), section, partial);
        if (content == null) {
            b.nil();
        } else {
            b.literal(content.bytes(message.raw()));
        }
    }

    /** The whole message, streamed from its file when the response is sent. */
    private static void whole(ResponseBuilder b, Mailbox mailbox, MessageInfo info) {
        long uid = info.uid();
        boolean crlf = info.size() == info.virtualSize();
        b.literal(info.virtualSize(), () -> {
            InputStream in;
            try {
                in = mailbox.openMessage(uid);
            } catch (StoreException e) {
                throw new IOException(e.getMessage(), e);
            }
            return crlf ? in : MessageBytes.crlf(in);
        }, false);
    }
}
