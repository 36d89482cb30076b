package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.MessageBytes;
import org.colombier.server.imap.MessageCache;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.command.SearchKey;
import org.colombier.server.mime.Header;
import org.colombier.server.mime.MessageMatcher;
import org.colombier.server.mime.SearchContext;
import org.colombier.server.mime.SearchHeader;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.command.SearchCommand;
import org.colombier.server.imap.protocol.command.SearchCommand.Return;

/** [UID] SEARCH (RFC 3501 6.4.4), ESEARCH (RFC 4731), SEARCHRES (RFC 5182), MODSEQ (RFC 7162). */
public final class SearchHandler implements CommandHandler<SearchCommand> {
    /** Messages whose cached headers are looked up and stored at once: one store call per batch, bounded memory. */
    private static final int BATCH = 1000;

    @Override
    public void run(ImapSession session, String tag, SearchCommand command) throws StoreException {
        SelectedMailbox view = session.selected();
        Map<SequenceSet, UidSet> resolved = new IdentityHashMap<>();
        List<MessageInfo> matched = new ArrayList<>();
        List<MessageInfo> infos = view.mailbox().messages(view.all());
        List<String> fields = usesSearchHeader(command.key()) ? List.of(SearchHeader.CACHE_FIELD) : List.of();
        for (int from = 0; from < infos.size(); from += BATCH) {
            List<MessageInfo> batch = infos.subList(from, Math.min(infos.size(), from + BATCH));
            MessageCache cache = MessageCache.load(view.mailbox(),
                    UidSet.range(batch.get(0).uid(), batch.get(batch.size() - 1).uid()), fields);
            for (MessageInfo info : batch) {
                if (MessageMatcher.matches(command.key(), new Candidate(session, view, info, resolved, cache))) {
                    matched.add(info);
                }
            }
            cache.save();
        }
        boolean modSeq = usesModSeq(command.key());
        if (modSeq) {
            session.enabled().add("CONDSTORE");
            view.enableCondStore(session);
        }
        Set<Return> returns = command.returnOptions();
        long highest = matched.stream().mapToLong(MessageInfo::modSeq).max().orElse(0);
        if (returns != null && !matched.isEmpty() && !returns.contains(Return.ALL) && !returns.contains(Return.COUNT)
                && (returns.contains(Return.MIN) || returns.contains(Return.MAX))) {
            // RFC 7162 3.1.5: with only MIN/MAX, the modseq of the messages returned
            highest = Math.max(returns.contains(Return.MIN) ? matched.get(0).modSeq() : 0,
                    returns.contains(Return.MAX) ? matched.get(matched.size() - 1).modSeq() : 0);
        }
        if (returns == null) {
            StringBuilder sb = new StringBuilder("SEARCH");
            for (MessageInfo info : matched) {
                sb.append(' ').append(command.uid() ? info.uid() : view.seq(info.uid()));
            }
            if (modSeq && !matched.isEmpty()) {
                sb.append(" (MODSEQ ").append(highest).append(')');
            }
            session.untagged(sb.toString());
            session.ok(tag, "Search completed.");
            return;
        }
        if (returns.contains(Return.SAVE)) {
            UidSet.Builder saved = new UidSet.Builder();
            boolean minMaxOnly = (returns.contains(Return.MIN) || returns.contains(Return.MAX))
                    && !returns.contains(Return.ALL) && !returns.contains(Return.COUNT);
            if (!matched.isEmpty() && minMaxOnly) {
                if (returns.contains(Return.MIN)) {
                    saved.add(matched.get(0).uid());
                }
                if (returns.contains(Return.MAX)) {
                    saved.add(matched.get(matched.size() - 1).uid());
                }
            } else {
                matched.forEach(i -> saved.add(i.uid()));
            }
            session.savedSearch(saved.build());
            if (returns.size() == 1) {
                session.ok(tag, "Search completed.");
                return;
            }
        }
        ResponseBuilder b = ResponseBuilder.untagged().atom("ESEARCH").openList().atom("TAG").string(tag).closeList();
        if (command.uid()) {
            b.atom("UID");
        }
        if (!matched.isEmpty()) {
            if (returns.contains(Return.MIN)) {
                b.atom("MIN").number(id(command, view, matched.get(0)));
            }
            if (returns.contains(Return.MAX)) {
                b.atom("MAX").number(id(command, view, matched.get(matched.size() - 1)));
            }
            if (returns.contains(Return.ALL)) {
                UidSet.Builder all = new UidSet.Builder();
                matched.forEach(i -> all.add(id(command, view, i)));
                b.atom("ALL").atom(all.build().toString());
            }
        }
        if (returns.contains(Return.COUNT)) {
            b.atom("COUNT").number(matched.size());
        }
        if (modSeq && !matched.isEmpty()) {
            b.atom("MODSEQ").number(highest);
        }
        session.send(b.build());
        session.ok(tag, "Search completed.");
    }

    /**
     * One message as the matcher sees it; sequence sets are resolved once per command, not per
     * message; header keys read through the batch's cache.
     */
    private record Candidate(ImapSession session, SelectedMailbox view, MessageInfo info,
                             Map<SequenceSet, UidSet> resolved, MessageCache cache) implements SearchContext {
        @Override
        public long sequence() {
            return view.seq(info.uid());
        }

        @Override
        public boolean recent() {
            return view.isRecent(info.uid());
        }

        @Override
        public boolean inSequenceSet(SequenceSet set) {
            return resolved.computeIfAbsent(set, s -> view.resolveLenient(s, session.savedSearch())).contains(info.uid());
        }

        @Override
        public boolean inUidSet(SequenceSet set) {
            return resolved.computeIfAbsent(set, s -> view.resolve(s, true, session.savedSearch())).contains(info.uid());
        }

        @Override
        public byte[] message() throws StoreException {
            return MessageBytes.read(view.mailbox(), info.uid());
        }

        @Override
        public Header searchHeader() throws StoreException {
            return cache.searchHeader(info.uid());
        }
    }

    /** Whether the criteria include MODSEQ, which adds the highest modseq to the answer (RFC 7162 3.1.5). */
    static boolean usesModSeq(SearchKey key) {
        return uses(key, k -> k instanceof SearchKey.ModSeq);
    }

    /** Whether the criteria read header fields the search header holds (HEADER, FROM ..., SENT*). */
    static boolean usesSearchHeader(SearchKey key) {
        return uses(key, k -> k instanceof SearchKey.Header h && SearchHeader.covers(h.field())
                || k instanceof SearchKey.Date d && d.field() == SearchKey.DateField.SENT);
    }

    /** Whether {@code test} holds for {@code key} or for a key inside it. */
    private static boolean uses(SearchKey key, Predicate<SearchKey> test) {
        if (test.test(key)) {
            return true;
        } else if (key instanceof SearchKey.Not n) {
            return uses(n.key(), test);
        } else if (key instanceof SearchKey.Or o) {
            return uses(o.left(), test) || uses(o.right(), test);
        } else if (key instanceof SearchKey.And a) {
            return a.keys().stream().anyMatch(k -> uses(k, test));
        }
        return false;
    }

    private static long id(SearchCommand command, SelectedMailbox view, MessageInfo info) {
        return command.uid() ? info.uid() : view.seq(info.uid());
    }
}
