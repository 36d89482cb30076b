package org.colombier.auth.pam;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.colombier.api.auth.AuthRequest;
import org.colombier.api.auth.AuthResult;
import org.colombier.api.auth.PassDb;

/**
 * {@code passdb pam}: {@code pam_authenticate} then {@code pam_acct_mgmt}, one PAM transaction per
 * login, on a bounded pool of worker threads so slow PAM modules cannot pile up threads. A full
 * pool or a login slower than the timeout is a temporary failure. PAM cannot hand out credentials,
 * so challenge-response mechanisms are not possible with it.
 */
final class PamPassDb implements PassDb {
    private final LibPam pam;
    private final PamSettings settings;
    private final ExecutorService workers;

    PamPassDb(LibPam pam, PamSettings settings, ExecutorService workers) {
        this.pam = pam;
        this.settings = settings;
        this.workers = workers;
    }

    @Override
    public AuthResult verifyPlain(AuthRequest request, String password) {
        Future<AuthResult> login;
        try {
            login = workers.submit(() -> authenticate(request, password));
        } catch (RejectedExecutionException e) {
            return new AuthResult.TempFail("PAM: all " + settings.workers() + " workers busy and the queue is full");
        }
        try {
            return login.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            login.cancel(true);
            return new AuthResult.TempFail("PAM: no answer within " + settings.timeout().toSeconds() + "s");
        } catch (ExecutionException e) {
            return new AuthResult.TempFail("PAM: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AuthResult.TempFail("PAM: interrupted");
        }
    }

    private AuthResult authenticate(AuthRequest request, String password) {
        String service = settings.serviceName(request.service());
        LibPam.PamConv conv = new LibPam.PamConv(new PamConversation(request.user(), password));
        LibPam.FailDelay noDelay = (status, usec, appdata) -> { };
        PointerByReference handle = new PointerByReference();
        int status = settings.confdir() == null
                ? pam.pam_start(service, request.user(), conv, handle)
                : pam.pam_start_confdir(service, request.user(), conv, settings.confdir().toString(), handle);
        if (status != LibPam.PAM_SUCCESS) {
            return new AuthResult.TempFail("PAM: pam_start(" + service + ") failed with " + status);
        }
        Pointer pamh = handle.getValue();
        try {
            // the server applies auth_failure_delay itself; PAM modules must not sleep a worker
            pam.pam_set_item(pamh, LibPam.PAM_FAIL_DELAY, noDelay);
            if (request.remoteIp() != null) {
                pam.pam_set_item(pamh, LibPam.PAM_RHOST, request.remoteIp().getHostAddress());
            }
            status = pam.pam_authenticate(pamh, LibPam.PAM_SILENT);
            if (status != LibPam.PAM_SUCCESS) {
                return authFailure(status);
            }
            status = pam.pam_acct_mgmt(pamh, LibPam.PAM_SILENT);
            if (status != LibPam.PAM_SUCCESS) {
                return accountFailure(status);
            }
            return new AuthResult.Ok(pamUser(pamh, request.user()), Map.of());
        } finally {
            pam.pam_end(pamh, status);
            Reference.reachabilityFence(conv);
            Reference.reachabilityFence(noDelay);
        }
    }

    /** A module may change the user name (case, realm): that is the canonical one. */
    private String pamUser(Pointer pamh, String fallback) {
        PointerByReference item = new PointerByReference();
        if (pam.pam_get_item(pamh, LibPam.PAM_USER, item) != LibPam.PAM_SUCCESS || item.getValue() == null) {
            return fallback;
        }
        return item.getValue().getString(0, "UTF-8");
    }

    private static AuthResult authFailure(int status) {
        return switch (status) {
            case LibPam.PAM_AUTH_ERR, LibPam.PAM_CRED_INSUFFICIENT, LibPam.PAM_MAXTRIES, LibPam.PAM_PERM_DENIED ->
                    new AuthResult.Failed(AuthResult.Reason.PASSWORD_MISMATCH);
            case LibPam.PAM_USER_UNKNOWN -> new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
            case LibPam.PAM_ACCT_EXPIRED, LibPam.PAM_NEW_AUTHTOK_REQD -> new AuthResult.Failed(AuthResult.Reason.DISABLED);
            default -> new AuthResult.TempFail("PAM: pam_authenticate failed with " + status);
        };
    }

    private static AuthResult accountFailure(int status) {
        return switch (status) {
            case LibPam.PAM_USER_UNKNOWN -> new AuthResult.Failed(AuthResult.Reason.UNKNOWN_USER);
            case LibPam.PAM_AUTHINFO_UNAVAIL, LibPam.PAM_SYSTEM_ERR, LibPam.PAM_BUF_ERR ->
                    new AuthResult.TempFail("PAM: pam_acct_mgmt failed with " + status);
            default -> new AuthResult.Failed(AuthResult.Reason.DISABLED);
        };
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
