package org.radpost.viewer.store;

/** Where a study stands for the radiologist: new, opened (viewed), reported, or a prior sent for comparison. */
public enum StudyStatus {
    NEW,
    OPENED,
    REPORTED,
    /** An earlier study the data center restored and sent along with a new one; not work to read. */
    PRIOR
}
