package org.colombier.auth.pam;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * Answers PAM's prompts for one login: the password to hidden prompts, the user name to visible
 * ones, nothing to messages. Responses are malloc'd because PAM frees them.
 */
final class PamConversation implements LibPam.Conversation {
    /** {@code struct pam_response}: a {@code char *} and an {@code int}, padded to pointer alignment. */
    private static final int RESPONSE_SIZE = Native.POINTER_SIZE == 8 ? 16 : 8;

    private final String user;
    private final String password;

    PamConversation(String user, String password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public int callback(int count, Pointer messages, Pointer responses, Pointer appdata) {
        if (count <= 0 || count > 64) {
            return LibPam.PAM_CONV_ERR;
        }
        long size = (long) count * RESPONSE_SIZE;
        long array = Native.malloc(size);
        if (array == 0) {
            return LibPam.PAM_BUF_ERR;
        }
        Pointer replies = new Pointer(array);
        replies.clear(size);
        for (int i = 0; i < count; i++) {
            // Linux-PAM passes an array of pointers to struct pam_message { int msg_style; const char *msg; }
            int style = messages.getPointer((long) i * Native.POINTER_SIZE).getInt(0);
            String answer = style == LibPam.PAM_PROMPT_ECHO_OFF ? password
                    : style == LibPam.PAM_PROMPT_ECHO_ON ? user : null;
            if (answer != null) {
                Pointer copy = cString(answer);
                if (copy == null) {
                    free(replies, i);
                    return LibPam.PAM_BUF_ERR;
                }
                replies.setPointer((long) i * RESPONSE_SIZE, copy);
            }
        }
        responses.setPointer(0, replies);
        return LibPam.PAM_SUCCESS;
    }

    private static void free(Pointer replies, int filled) {
        for (int i = 0; i < filled; i++) {
            Pointer answer = replies.getPointer((long) i * RESPONSE_SIZE);
            if (answer != null) {
                Native.free(Pointer.nativeValue(answer));
            }
        }
        Native.free(Pointer.nativeValue(replies));
    }

    private static Pointer cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        long p = Native.malloc(bytes.length + 1L);
        if (p == 0) {
            return null;
        }
        Pointer copy = new Pointer(p);
        copy.write(0, bytes, 0, bytes.length);
        copy.setByte(bytes.length, (byte) 0);
        return copy;
    }
}
