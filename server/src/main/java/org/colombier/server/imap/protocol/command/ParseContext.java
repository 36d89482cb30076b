package org.colombier.server.imap.protocol.command;

/**
 * Session state that changes how arguments read.
 *
 * @param utf8 {@code ENABLE UTF8=ACCEPT} is in force: mailbox names are UTF-8, not modified UTF-7
 */
public record ParseContext(boolean utf8) {
    public static final ParseContext DEFAULT = new ParseContext(false);
}
