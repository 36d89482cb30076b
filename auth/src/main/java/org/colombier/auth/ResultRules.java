package org.colombier.auth;

import java.util.Locale;
import org.colombier.api.auth.AuthConfigException;
import org.colombier.api.auth.DriverSettings;

/**
 * What a passdb or userdb section's outcome does to the chain, Dovecot's {@code result_success},
 * {@code result_failure} and {@code result_internalfail} (defaults {@code return-ok},
 * {@code continue}, {@code continue}).
 */
record ResultRules(Action success, Action failure, Action internalFail) {
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
        return new ResultRules(Action.RETURN_OK, Action.CONTINUE, Action.CONTINUE);
    }

    /** The rules of a section; {@code type} is {@code passdb} or {@code userdb}. */
    static ResultRules of(DriverSettings settings, String type) throws AuthConfigException {
        ResultRules d = defaults();
        return new ResultRules(action(settings, type, "result_success", d.success()),
                action(settings, type, "result_failure", d.failure()),
                action(settings, type, "result_internalfail", d.internalFail()));
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
