package org.radpost.archiver.volume;

import java.time.LocalDate;
import org.hibernate.Session;
import org.radpost.archiver.ArchiveItem;

/** Computes an object's expiry date when it is archived; null means no retention rule applies yet. */
@FunctionalInterface
public interface ExpiryPolicy {
    LocalDate expiryFor(Session session, ArchiveItem item, LocalDate receivedOn);
}
