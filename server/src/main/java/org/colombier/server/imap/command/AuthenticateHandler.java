package org.colombier.server.imap.command;

import java.util.Base64;
import java.util.Optional;

import org.colombier.api.auth.AuthRequest;
import org.colombier.auth.sasl.SaslServer;
import org.colombier.auth.sasl.SaslStep;
import org.colombier.server.imap.CommandHandler;
import org.colombier.server.imap.ImapSession;
import org.colombier.server.imap.protocol.DecoderEvent;
import org.colombier.server.imap.protocol.ResponseBuilder;
import org.colombier.server.imap.protocol.ResponseCode;
import org.colombier.server.imap.protocol.command.AuthenticateCommand;
import org.colombier.server.imap.protocol.command.CommandParseException;

/**
 * AUTHENTICATE (RFC 3501 6.2.2, SASL-IR RFC 4959): each step runs on the authenticator's pool
 * while the session is parked; challenges go out as {@code + base64}, responses come back as raw
 * lines, {@code *} cancels.
 */
public final class AuthenticateHandler implements CommandHandler<AuthenticateCommand> {
    @Override
    public void run(ImapSession session, String tag, AuthenticateCommand command) {
        boolean cleartext = session.cleartextAllowed();
        AuthRequest request = session.authRequest("");
        Optional<SaslServer> server = session.services().authenticator().sasl(command.mechanism(), request, cleartext);
        if (server.isEmpty()) {
            if (!cleartext && org.colombier.auth.sasl.SaslMechanisms.isCleartext(command.mechanism())) {
                session.done(ResponseBuilder.status(tag, "NO", ResponseCode.privacyRequired(),
                        "Plaintext authentication disallowed on non-secure (SSL/TLS) connections."));
            } else {
                session.tagged(tag, "NO Unsupported authentication mechanism.");
            }
            return;
        }
        step(session, tag, request, server.get(), command.initialResponse());
    }

    private static void step(ImapSession session, String tag, AuthRequest request, SaslServer server, byte[] response) {
        session.park();
        session.services().authenticator().step(server, response).whenComplete((step, error) -> session.later(() -> {
            if (error != null) {
                Logins.finish(session, tag, null, error);
            } else if (step instanceof SaslStep.Challenge challenge) {
                continuation(session, challenge.data());
                session.expectLine(line -> answer(session, tag, request, server, line));
                session.resume();
            } else {
                done(session, tag, request, step);
            }
        }));
    }

    /** {@code + base64}; an empty challenge is a bare {@code + } line (RFC 3501 7.5). */
    private static void continuation(ImapSession session, byte[] data) {
        session.connection().reply("+ " + Base64.getEncoder().encodeToString(data));
    }

    private static void answer(ImapSession session, String tag, AuthRequest request, SaslServer server,
                               DecoderEvent.Line line) {
        if (line.isSaslCancel()) {
            session.tagged(tag, "BAD Authentication aborted by client.");
            return;
        }
        byte[] data;
        try {
            data = line.bytes().length == 0 ? new byte[0] : AuthenticateCommand.decodeSasl(line.text());
        } catch (CommandParseException e) {
            session.tagged(tag, "BAD Invalid base64 data in continued response");
            return;
        }
        step(session, tag, request, server, data);
    }

    private static void done(ImapSession session, String tag, AuthRequest request, SaslStep step) {
        session.services().authenticator().finish(request, step).whenComplete((result, error) -> session.later(() -> {
            if (error == null && step instanceof SaslStep.Done done && done.successData() != null
                    && result instanceof org.colombier.server.auth.LoginResult.Success) {
                // IMAP carries no data with OK: send it as a last challenge, the client answers empty
                continuation(session, done.successData());
                session.expectLine(line -> {
                    session.park();
                    Logins.finish(session, tag, result, null);
                });
                session.resume();
            } else {
                Logins.finish(session, tag, result, error);
            }
        }));
    }
}
