package org.colombier.auth.pam;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/** The part of Linux-PAM's C API ({@code <security/pam_appl.h>}) a passdb needs. */
interface LibPam extends Library {
    int PAM_SUCCESS = 0;
    int PAM_SYSTEM_ERR = 4;
    int PAM_BUF_ERR = 5;
    int PAM_PERM_DENIED = 6;
    int PAM_AUTH_ERR = 7;
    int PAM_CRED_INSUFFICIENT = 8;
    int PAM_AUTHINFO_UNAVAIL = 9;
    int PAM_USER_UNKNOWN = 10;
    int PAM_MAXTRIES = 11;
    int PAM_NEW_AUTHTOK_REQD = 12;
    int PAM_ACCT_EXPIRED = 13;
    int PAM_CONV_ERR = 19;

    int PAM_USER = 2;
    int PAM_RHOST = 4;
    int PAM_FAIL_DELAY = 10;

    int PAM_SILENT = 0x8000;

    int PAM_PROMPT_ECHO_OFF = 1;
    int PAM_PROMPT_ECHO_ON = 2;

    /** Loads libpam.so.0; throws {@link UnsatisfiedLinkError} where there is no Linux-PAM. */
    static LibPam load() {
        return Native.load("pam", LibPam.class);
    }

    /** Linux-PAM 1.4+: like {@code pam_start}, but reads the service file from {@code confdir}. */
    int pam_start_confdir(String service, String user, PamConv conv, String confdir, PointerByReference pamh);

    int pam_start(String service, String user, PamConv conv, PointerByReference pamh);

    int pam_authenticate(Pointer pamh, int flags);

    int pam_acct_mgmt(Pointer pamh, int flags);

    int pam_end(Pointer pamh, int status);

    int pam_set_item(Pointer pamh, int type, String item);

    int pam_set_item(Pointer pamh, int type, FailDelay item);

    int pam_get_item(Pointer pamh, int type, PointerByReference item);

    /** {@code int (*conv)(int num_msg, const struct pam_message **msg, struct pam_response **resp, void *appdata)}. */
    interface Conversation extends Callback {
        int callback(int count, Pointer messages, Pointer responses, Pointer appdata);
    }

    /** {@code void (*delay_fn)(int retval, unsigned usec_delay, void *appdata)}: we keep our own failure delay. */
    interface FailDelay extends Callback {
        void callback(int status, int usecDelay, Pointer appdata);
    }

    /** {@code struct pam_conv}. */
    @Structure.FieldOrder({"conv", "appdata_ptr"})
    class PamConv extends Structure {
        public Conversation conv;
        public Pointer appdata_ptr;

        PamConv(Conversation conv) {
            this.conv = conv;
        }
    }
}
