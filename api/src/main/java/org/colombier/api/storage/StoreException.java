package org.colombier.api.storage;

/** The one exception of the storage SPI: a {@link StoreError} and a message fit for a client. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;
    private final StoreError error;

    public StoreException(StoreError error, String message) {
        super(message);
        this.error = error;
    }

    public StoreException(StoreError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public StoreError error() {
        return error;
    }
}
