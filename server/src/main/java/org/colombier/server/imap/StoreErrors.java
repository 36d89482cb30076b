package org.colombier.server.imap;

import org.colombier.api.storage.StoreException;
import org.colombier.server.imap.protocol.Response;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;

/** The one mapping of storage errors to IMAP response codes (RFC 5530), as Dovecot's imap_storage_error. */
public final class StoreErrors {
    private StoreErrors() {
    }

    public static ResponseCode code(StoreException e) {
        return switch (e.error()) {
            case NOT_FOUND -> ResponseCode.nonExistent();
            case EXISTS -> ResponseCode.alreadyExists();
            case EXPUNGED -> ResponseCode.expungeIssued();
            case NO_PERMISSION -> ResponseCode.noPerm();
            case OVER_QUOTA -> ResponseCode.overQuota();
            case TOO_BIG -> ResponseCode.tooBig();
            case IN_USE -> ResponseCode.inUse();
            case NOT_POSSIBLE -> ResponseCode.cannot();
            case TEMPORARY -> ResponseCode.unavailable();
        };
    }

    public static Response response(String tag, StoreException e) {
        String text = e.getMessage() == null || e.getMessage().isBlank() ? "Operation failed." : e.getMessage();
        return ResponseBuilder.status(tag, "NO", code(e), text);
    }

    /** A missing target of COPY, MOVE or APPEND is {@code [TRYCREATE]} (RFC 3501 6.3.11). */
    public static Response targetResponse(String tag, StoreException e) {
        if (e.error() == org.colombier.api.storage.StoreError.NOT_FOUND) {
            return ResponseBuilder.status(tag, "NO", ResponseCode.tryCreate(), "Mailbox doesn't exist.");
        }
        return response(tag, e);
    }
}
