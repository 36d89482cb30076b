package org.colombier.auth.scheme;

/** A stored password that cannot be of the scheme it claims (bad length, bad encoding, bad format). */
public class InvalidPasswordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPasswordException(String message) {
        super(message);
    }
}
