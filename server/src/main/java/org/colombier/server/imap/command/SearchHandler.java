package org.colombier.server.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.colombier.api.storage.MessageInfo;
import org.colombier.api.storage.StoreException;
import org.colombier.api.storage.UidSet;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.SelectedMailbox;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.command.SearchCommand;
import org.colombier.server.imap.protocol.command.SearchCommand.Return;

/** [UID] SEARCH (RFC 3501 6.4.4), ESEARCH (RFC 4731), SEARCHRES (RFC 5182), MODSEQ (RFC 7162). */
public final class SearchHandler implements CommandHandler<SearchCommand> {
    @Override
    public void run(ImapSession session, String tag, SearchCommand command) throws StoreException {
        SelectedMailbox view = session.selected();
        SearchEvaluator evaluator = new SearchEvaluator(session, view);
        List<MessageInfo> matched = new ArrayList<>();
        for (MessageInfo info : view.mailbox().messages(view.all())) {
            if (evaluator.matches(command.key(), info)) {
                matched.add(info);
            }
        }
        boolean modSeq = SearchEvaluator.usesModSeq(command.key());
        if (modSeq) {
            session.enabled().add("CONDSTORE");
            view.enableCondStore();
        }
        long highest = matched.stream().mapToLong(MessageInfo::modSeq).max().orElse(0);
        Set<Return> returns = command.returnOptions();
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

    private static long id(SearchCommand command, SelectedMailbox view, MessageInfo info) {
        return command.uid() ? info.uid() : view.seq(info.uid());
    }
}
