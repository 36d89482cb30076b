package org.colombier.server.imap.protocol;

import java.nio.charset.StandardCharsets;

/** What {@link RequestDecoder#next} produced. */
public sealed interface DecoderEvent {

    /** A complete command. */
    record Received(Request request) implements DecoderEvent {
    }

    /**
     * The client announced a synchronizing literal within limits and waits for a continuation:
     * write {@code + Ready for literal data} and keep feeding.
     */
    record LiteralContinuation(String tag) implements DecoderEvent {
        /** {@code + Ready for literal data}. */
        public Response response() {
            return ResponseBuilder.continuation("Ready for literal data");
        }
    }

    /**
     * A command was refused while it was read: write {@code tag status [code] text} (tag null:
     * untagged). The decoder has already resynchronized on the next command.
     */
    record Rejected(String tag, Status status, ResponseCode code, String text) implements DecoderEvent {
        public enum Status { BAD, NO }

        /** The response to send. */
        public Response response() {
            return ResponseBuilder.status(tag, status.name(), code, text);
        }
    }

    /** One raw line, read because the session asked for it ({@link RequestDecoder#expectLine()}). */
    record Line(byte[] bytes) implements DecoderEvent {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The {@code DONE} that ends IDLE (RFC 2177), in any case. */
        public boolean isIdleDone() {
            return text().equalsIgnoreCase("DONE");
        }

        /** The {@code *} with which a client cancels AUTHENTICATE (RFC 3501 6.2.2). */
        public boolean isSaslCancel() {
            return text().equals("*");
        }
    }

    /**
     * The input cannot be resynchronized cheaply (e.g. a huge non-synchronizing literal): write
     * {@code * BYE text} and close the connection. The decoder ignores all further input.
     */
    record Fatal(String text) implements DecoderEvent {
    }
}
