package org.radpost.packager.cli;

/** A setting is missing or wrong; the message says which and how to fix it. The CLI exits 64. */
public final class SettingsException extends IllegalArgumentException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
