package org.colombier.server.imap.protocol.command;

/** Turns a command's arguments into its record; pure. */
@FunctionalInterface
public interface CommandParser {
    ImapCommand parse(Args args) throws CommandParseException;
}
