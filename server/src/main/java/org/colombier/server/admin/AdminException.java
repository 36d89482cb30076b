package org.colombier.server.admin;

/** A refused admin request, with the doveadm exit status the CLI should end with (64 usage, 68 not found, ...). */
final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;
    static final int USAGE = 64;
    static final int NOT_FOUND = 68;
    static final int FAILED = 1;

    final int status;

    AdminException(int status, String message) {
        super(message);
        this.status = status;
    }
}
