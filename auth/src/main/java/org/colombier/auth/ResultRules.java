package org.colombier.auth;

import java.util.Locale;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;

/**
 * What a passdb or userdb section's outcome does to the chain, Dovecot's {@code result_success},
 * {@code result_failure} and {@code result_internalfail} (defaults {@code return-ok},
 * {@code continue}, {@code continue}), and whether the section is asked at all: {@code passdb_skip}
 * ({@code never}, {@code authenticated}, {@code unauthenticated}) and {@code userdb_skip}
 * ({@code never}, {@code found}, {@code notfound}), default {@code never}.
 */
record ResultRules(Skip skip, Action success, Action failure, Action internalFail) {
    /** When a section is passed over: an earlier one in the chain verified the password (passdb) or found the user (userdb), or none did. */
    enum Skip {
        NEVER, WHEN_ANSWERED, WHEN_NOT_ANSWERED;

        boolean skips(boolean answeredBefore) {
            return this == WHEN_ANSWERED ? answeredBefore : this == WHEN_NOT_ANSWERED && !answeredBefore;
        }
    }

    /** One outcome of one database. */
    enum Outcome { SUCCESS, FAILURE, INTERNAL_FAILURE }

    enum Action {
        RETURN, RETURN_OK, RETURN_FAIL, CONTINUE, CONTINUE_OK, CONTINUE_FAIL;

        boolean stops() {
            return this == RETURN || this == RETURN_OK || this == RETURN_FAIL;
        }

        /** Whether authentication has succeeded so far, after this action on {@code outcome}. */
        boolean succeeded(Outcome outcome, boolean before) {
            return switch (this) {
                case RETURN -> outcome == Outcome.SUCCESS;
                case RETURN_OK, CONTINUE_OK -> true;
                case RETURN_FAIL, CONTINUE_FAIL -> false;
                case CONTINUE -> before;
            };
        }
    }

    /** Dovecot's defaults, for a section that sets none. */
    static ResultRules defaults() {
        return new ResultRules(Skip.NEVER, Action.RETURN_OK, Action.CONTINUE, Action.CONTINUE);
    }

    /** The rules of a section; {@code type} is {@code passdb} or {@code userdb}. */
    static ResultRules of(DriverSettings settings, String type) throws AuthConfigException {
        ResultRules d = defaults();
        return new ResultRules(skip(settings, type), action(settings, type, "result_success", d.success()),
                action(settings, type, "result_failure", d.failure()),
                action(settings, type, "result_internalfail", d.internalFail()));
    }

    private static Skip skip(DriverSettings settings, String type) throws AuthConfigException {
        String value = DriverOptions.firstOf(settings, type + "_skip", "skip");
        if (value == null) {
            return Skip.NEVER;
        }
        boolean passdb = type.equals("passdb");
        Skip skip = switch (value.toLowerCase(Locale.ROOT)) {
            case "never" -> Skip.NEVER;
            case "authenticated" -> passdb ? Skip.WHEN_ANSWERED : null;
            case "unauthenticated" -> passdb ? Skip.WHEN_NOT_ANSWERED : null;
            case "found" -> passdb ? null : Skip.WHEN_ANSWERED;
            case "notfound" -> passdb ? null : Skip.WHEN_NOT_ANSWERED;
            default -> null;
        };
        if (skip == null) {
            throw new AuthConfigException(type + " " + settings.name() + ": skip = " + value + " is not one of never, "
                    + (passdb ? "authenticated, unauthenticated" : "found, notfound"));
        }
        return skip;
    }

    private static Action action(DriverSettings settings, String type, String key, Action defaultAction)
            throws AuthConfigException {
        String value = DriverOptions.firstOf(settings, type + "_" + key, key);
        if (value == null) {
            return defaultAction;
        }
        try {
            return Action.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new AuthConfigException(type + " " + settings.name() + ": " + key + " = " + value
                    + " is not one of return, return-ok, return-fail, continue, continue-ok, continue-fail");
        }
    }

    Action after(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> success;
            case FAILURE -> failure;
            case INTERNAL_FAILURE -> internalFail;
        };
    }
}
