package org.radpost.datacenter.directory;

/**
 * One line of the authorization table as an admin reads it: center → viewer (or viewer group), for a modality or all.
 *
 * @param id the authorization's number, prefixed {@code g} for a group grant so both kinds can be revoked by number
 */
public record Grant(String id, String centerCode, String viewerCode, String viewerGroup, String modality) {
    /** "v1" or "group neuro". */
    public String to() {
        return viewerGroup != null ? "group " + viewerGroup : viewerCode;
    }

    public String modalityText() {
        return modality == null ? "all modalities" : modality;
    }
}
