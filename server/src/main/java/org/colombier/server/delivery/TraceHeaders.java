package org.colombier.server.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.colombier.api.storage.MessageSource;

/**
 * The header lines Dovecot's LMTP puts before a delivered message: {@code Return-Path:},
 * {@code Delivered-To:} and its {@code Received:} line, e.g.
 * <pre>
 * Received: from mta.example.org ([192.0.2.1])
 * 	by mail.example.org with LMTP
 * 	id kB3eBSPNZ2mUAQAAlDvxSA
 * 	(envelope-from &lt;sender@example.net&gt;)
 * 	for &lt;alice@example.org&gt;; Wed, 25 Nov 2026 04:00:00 +0000
 * </pre>
 */
final class TraceHeaders {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private TraceHeaders() {
    }

    static byte[] of(Envelope envelope, Recipient recipient, String hostname) {
        StringBuilder h = new StringBuilder();
        h.append("Return-Path: <").append(envelope.mailFrom()).append(">\r\n");
        h.append("Delivered-To: ").append(recipient.address()).append("\r\n");
        h.append("Received: from ").append(envelope.clientName());
        if (envelope.clientAddress() != null) {
            h.append(" ([").append(envelope.clientAddress().getHostAddress()).append("])");
        }
        h.append("\r\n\tby ").append(hostname).append(" with LMTP\r\n");
        h.append("\tid ").append(envelope.transactionId()).append("\r\n");
        h.append("\t(envelope-from <").append(envelope.mailFrom()).append(">)\r\n");
        h.append("\tfor <").append(recipient.address()).append(">; ").append(DATE.format(envelope.receivedAt()))
                .append("\r\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code message} with {@code headers} before it, read without copying the message. */
    static MessageSource prepend(byte[] headers, MessageSource message) {
        return new MessageSource() {
            @Override
            public long size() {
                return headers.length + message.size();
            }

            @Override
            public InputStream open() throws IOException {
                return new SequenceInputStream(new ByteArrayInputStream(headers), message.open());
            }
        };
    }
}
