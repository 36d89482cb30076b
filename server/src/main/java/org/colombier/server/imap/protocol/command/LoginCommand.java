package org.colombier.server.imap.protocol.command;

/** LOGIN user password. */
public record LoginCommand(String user, String password) implements ImapCommand {

    public static LoginCommand parse(Args args) throws CommandParseException {
        LoginCommand c = new LoginCommand(args.userid("user name"), args.astring("password"));
        args.end();
        return c;
    }

    /** Never logs the password. */
    @Override
    public String toString() {
        return "LoginCommand[user=" + user + "]";
    }
}
