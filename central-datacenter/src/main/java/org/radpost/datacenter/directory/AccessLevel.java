package org.radpost.datacenter.directory;

/** What a viewer may see: everything, or only de-identified copies (the transform between route and deliver). */
public enum AccessLevel {
    FULL,
    DEIDENTIFIED
}
