package org.colombier.server.imap.protocol.command;

import java.util.ArrayList;
import java.util.List;

import org.colombier.api.storage.FlagUpdate;
import org.colombier.api.storage.Flags;
import org.colombier.server.imap.protocol.SequenceSet;
import org.colombier.server.imap.protocol.Token;

/**
 * [UID] STORE set [(UNCHANGEDSINCE modseq)] [+|-]FLAGS[.SILENT] flags (RFC 3501, RFC 7162).
 *
 * @param unchangedSince -1 when not given
 */
public record StoreCommand(boolean uid, SequenceSet set, FlagUpdate update, boolean silent, long unchangedSince)
        implements ImapCommand {

    public static StoreCommand parse(Args args, boolean uid) throws CommandParseException {
        SequenceSet set = args.sequenceSet();
        long unchangedSince = -1;
        if (args.peekList()) {
            Args mods = args.inside(args.list("store modifiers"));
            while (mods.hasMore()) {
                if (!mods.accept("UNCHANGEDSINCE")) {
                    throw CommandParseException.bad("Unknown store modifier: " + mods.next("modifier"));
                }
                unchangedSince = mods.modSeq("UNCHANGEDSINCE mod-sequence");
            }
        }
        String item = args.atom("store item");
        String base = item;
        boolean silent = false;
        if (item.regionMatches(true, Math.max(0, item.length() - 7), ".SILENT", 0, 7)) {
            silent = true;
            base = item.substring(0, item.length() - 7);
        }
        FlagUpdate.Mode mode;
        if (base.equalsIgnoreCase("FLAGS")) {
            mode = FlagUpdate.Mode.REPLACE;
        } else if (base.equalsIgnoreCase("+FLAGS")) {
            mode = FlagUpdate.Mode.ADD;
        } else if (base.equalsIgnoreCase("-FLAGS")) {
            mode = FlagUpdate.Mode.REMOVE;
        } else {
            throw CommandParseException.bad("Invalid store item: " + item);
        }
        Flags flags;
        if (args.peekList()) {
            flags = args.flagList();
            args.end();
        } else {
            List<Token> rest = new ArrayList<>();
            while (args.hasMore()) {
                rest.add(args.next("flag"));
            }
            if (rest.isEmpty()) {
                throw CommandParseException.bad("Missing flags");
            }
            flags = Args.flags(rest);
        }
        return new StoreCommand(uid, set, new FlagUpdate(mode, flags), silent, unchangedSince);
    }
}
