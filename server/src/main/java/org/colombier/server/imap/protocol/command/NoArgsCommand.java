package org.colombier.server.imap.protocol.command;

/** The commands that take no arguments. */
public record NoArgsCommand(Name name) implements ImapCommand {
    public enum Name { CAPABILITY, NOOP, LOGOUT, STARTTLS, CHECK, CLOSE, UNSELECT, EXPUNGE, IDLE, NAMESPACE }

    public static NoArgsCommand parse(Name name, Args args) throws CommandParseException {
        args.end();
        return new NoArgsCommand(name);
    }
}
