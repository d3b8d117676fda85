package org.radpost.viewer.store;

/** Where a study stands for the radiologist: new, opened (viewed), reported. */
public enum StudyStatus {
    NEW,
    OPENED,
    REPORTED
}
