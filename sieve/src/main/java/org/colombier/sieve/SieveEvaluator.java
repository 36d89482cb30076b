package org.colombier.sieve;

import org.colombier.sieve.eval.Interpreter;

/** Evaluates compiled scripts. Stateless and thread-safe; all per-user state comes through the {@link SieveContext}. */
public final class SieveEvaluator {
    /**
     * Runs {@code script} against the message and envelope.
     *
     * @return the actions to carry out, and whether the implicit keep applies
     * @throws SieveRuntimeException when the script fails at run time (limits, conflicts, missing include...): the
     *                               caller must then keep the message in INBOX
     */
    public SieveResult evaluate(SieveScript script, SieveMessage message, Envelope envelope, SieveContext ctx) {
        return new Interpreter(ctx, message, envelope).run(script);
    }
}
