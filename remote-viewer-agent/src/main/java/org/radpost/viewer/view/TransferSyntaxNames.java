package org.radpost.viewer.view;

import com.pixelmed.dicom.TransferSyntax;

/** Human names of transfer syntaxes, for messages and the attribute panel. */
public final class TransferSyntaxNames {
    private TransferSyntaxNames() {}

    public static String describe(String uid) {
        String description = new TransferSyntax(uid).getDescription();
        return description == null || description.isBlank() ? uid : description + " (" + uid + ")";
    }
}
