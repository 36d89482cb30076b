package org.colombier.server.delivery;

/** Rules could not decide now (script unreadable, lookup failed): the delivery fails temporarily. */
public class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
