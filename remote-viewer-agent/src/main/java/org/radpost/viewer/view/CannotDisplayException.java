package org.radpost.viewer.view;

/** An image whose pixels this viewer cannot decode or show; the message is the sentence the page shows. */
public final class CannotDisplayException extends Exception {
    public CannotDisplayException(String reason, Throwable cause) {
        super("cannot display this image: " + reason, cause);
    }

    public CannotDisplayException(String reason) {
        this(reason, null);
    }
}
