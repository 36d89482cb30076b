package org.colombier.server.imap.protocol.command;

/** The typed arguments of one client command, as its parser produced them. */
public interface ImapCommand {
}
