package org.radpost.archiver.volume;

/** A volume's life: appended to while OPEN, never written again once SEALED, retired once COMPACTED into a new one. */
public enum VolumeState { OPEN, SEALED, COMPACTED }
