package org.colombier.server.imap.protocol.command;

import org.colombier.server.imap.protocol.SequenceSet;

/**
 * SELECT or EXAMINE (readOnly) mailbox [(CONDSTORE | QRESYNC (...))] (RFC 3501, RFC 7162).
 *
 * @param qresync null unless the client asked for quick resynchronization
 */
public record SelectCommand(String mailbox, boolean readOnly, boolean condStore, QResync qresync)
        implements ImapCommand {

    /**
     * QRESYNC (uidvalidity modseq [known-uids [(known-sequence-set known-uid-set)]]).
     * The optional parts are null when absent.
     */
    public record QResync(long uidValidity, long modSeq, SequenceSet knownUids, SequenceSet knownSequenceNumbers,
                          SequenceSet knownSequenceUids) {
    }

    public static SelectCommand parse(Args args, boolean readOnly) throws CommandParseException {
        String mailbox = args.mailbox();
        boolean condStore = false;
        QResync qresync = null;
        if (args.hasMore()) {
            Args params = args.inside(args.list("select parameters"));
            while (params.hasMore()) {
                if (params.accept("CONDSTORE")) {
                    condStore = true;
                } else if (params.accept("QRESYNC")) {
                    qresync = qresync(params.inside(params.list("QRESYNC parameters")));
                } else {
                    throw CommandParseException.bad("Unknown select parameter: " + params.next("parameter"));
                }
            }
        }
        args.end();
        return new SelectCommand(mailbox, readOnly, condStore, qresync);
    }

    private static QResync qresync(Args p) throws CommandParseException {
        long uidValidity = p.nzNumber("UIDVALIDITY");
        long modSeq = p.modSeq("mod-sequence");
        if (modSeq == 0) {
            throw CommandParseException.bad("Invalid mod-sequence: must not be 0");
        }
        SequenceSet knownUids = null;
        SequenceSet seqs = null;
        SequenceSet uids = null;
        if (p.hasMore() && !p.peekList()) {
            knownUids = p.sequenceSet();
        }
        if (p.hasMore()) {
            Args match = p.inside(p.list("sequence match data"));
            seqs = match.sequenceSet();
            uids = match.sequenceSet();
            match.end();
            if (seqs.saved() || uids.saved() || seqs.resolve(SequenceSet.MAX_NUMBER).size()
                    != uids.resolve(SequenceSet.MAX_NUMBER).size()) {
                throw CommandParseException.bad("known-sequence-set and known-uid-set differ in size");
            }
        }
        p.end();
        return new QResync(uidValidity, modSeq, knownUids, seqs, uids);
    }
}
