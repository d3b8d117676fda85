package org.radpost.datacenter;

/** The typed outcome of one stage: go on, hold in quarantine for an admin, or try again later. */
public sealed interface StageResult {
    /** The stage did its work; {@code detail} goes into the tracking event. */
    record Continue(String detail) implements StageResult {}

    /** The object is valid but cannot go on (unknown destination, unauthorized route); an admin decides. */
    record Quarantine(String reasonCode, String reason) implements StageResult {}

    /** A passing fault (disk, a peer); the runner retries later with backoff. */
    record Retry(String cause) implements StageResult {}
}
