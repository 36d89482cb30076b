package org.colombier.server.imap.protocol.command;

import org.colombier.server.imap.protocol.DecoderEvent.Rejected.Status;
import org.colombier.server.imap.protocol.Response;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;

/**
 * A command that cannot be run as written: {@code BAD} for syntax, {@code NO [code]} for a valid
 * request the server refuses on sight (e.g. {@code NO [BADCHARSET (UTF-8 US-ASCII)]}).
 */
public final class CommandParseException extends Exception {
    private final Status status;
    private final ResponseCode code;

    private CommandParseException(Status status, ResponseCode code, String text) {
        super(text, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static CommandParseException bad(String text) {
        return new CommandParseException(Status.BAD, null, text);
    }

    public static CommandParseException no(ResponseCode code, String text) {
        return new CommandParseException(Status.NO, code, text);
    }

    public Status status() {
        return status;
    }

    public ResponseCode code() {
        return code;
    }

    /** The tagged response to send. */
    public Response response(String tag) {
        return ResponseBuilder.status(tag, status.name(), code, getMessage());
    }
}
