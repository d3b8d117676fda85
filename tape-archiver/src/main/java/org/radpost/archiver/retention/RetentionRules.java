package org.radpost.archiver.retention;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.archiver.ArchiveItem;
import org.radpost.archiver.index.ArchivedObjectRow;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.archiver.volume.ExpiryPolicy;

/**
 * The retention table: the period per modality, a center's own row overriding the modality-wide one. Expiry is
 * the study date plus the period, or the receipt date plus the period when the study date is missing.
 */
public final class RetentionRules implements ExpiryPolicy {
    private final SessionFactory sessions;
    private final Clock clock;
    private final AuditLog audit;

    public RetentionRules(SessionFactory sessions, Clock clock, AuditLog audit) {
        this.sessions = sessions;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public LocalDate expiryFor(Session s, ArchiveItem item, LocalDate receivedOn) {
        return ruleFor(s, item.modality(), item.centerCode())
                .map(rule -> rule.expiryFrom(item.studyDate().orElse(receivedOn))).orElse(null);
    }

    public List<RetentionRule> rules() {
        return sessions.fromTransaction(s -> s.createQuery("from RetentionRuleRow order by modality, centerCode",
                RetentionRuleRow.class).getResultList().stream().map(RetentionRuleRow::toRule).toList());
    }

    /** Adds or changes a rule and recomputes the expiry date of every live object it now governs. */
    public int set(RetentionRule rule, String actor) {
        return sessions.fromTransaction(s -> {
            Optional<RetentionRuleRow> existing = row(s, rule.modality(), rule.centerCode().orElse(null));
            if (existing.isPresent()) {
                existing.get().update(rule, clock.instant(), actor);
            } else {
                s.persist(new RetentionRuleRow(rule, clock.instant(), actor));
            }
            s.flush();
            int changed = recompute(s, rule.modality(), rule.centerCode().orElse(null));
            audit.record(s, actor, new AuditEntry(AuditAction.RULE, rule.centerCode().orElse(null), null, null, null,
                    "retention of " + rule.modality() + rule.centerCode().map(c -> " from " + c).orElse(" (all centers)")
                            + " set to " + rule.years() + " years " + rule.days() + " days; " + changed
                            + " objects' expiry dates recomputed"));
            return changed;
        });
    }

    private int recompute(Session s, String modality, String centerCode) {
        var query = s.createQuery("from ArchivedObjectRow where deleted = false and modality = :m"
                + (centerCode == null ? "" : " and centerCode = :c"), ArchivedObjectRow.class).setParameter("m", modality);
        if (centerCode != null) {
            query.setParameter("c", centerCode);
        }
        java.util.Map<String, Optional<RetentionRule>> byCenter = new java.util.HashMap<>();
        int changed = 0;
        for (ArchivedObjectRow row : query.getResultList()) {
            Optional<RetentionRule> rule = byCenter.computeIfAbsent(row.centerCode(), c -> ruleFor(s, modality, c));
            LocalDate start = row.studyDate().orElse(LocalDate.ofInstant(row.archivedAt(), clock.getZone()));
            LocalDate expiry = rule.map(r -> r.expiryFrom(start)).orElse(null);
            if (!java.util.Objects.equals(expiry, row.expiryDate())) {
                row.expiryDate(expiry);
                changed++;
            }
        }
        return changed;
    }

    private static Optional<RetentionRule> ruleFor(Session s, String modality, String centerCode) {
        return row(s, modality, centerCode).or(() -> row(s, modality, null)).map(RetentionRuleRow::toRule);
    }

    private static Optional<RetentionRuleRow> row(Session s, String modality, String centerCode) {
        // No flush first: an archive batch looks a rule up per object while its session holds the batch's new,
        // unflushed rows, and flushing those before every lookup (Hibernate's AUTO mode) made a batch's cost grow
        // with the square of its size. Rule rows are written only by set(), which flushes before it reads.
        var query = s.createQuery("from RetentionRuleRow where modality = :m and "
                + (centerCode == null ? "centerCode is null" : "centerCode = :c"), RetentionRuleRow.class)
                .setHibernateFlushMode(org.hibernate.FlushMode.COMMIT)
                .setParameter("m", modality);
        if (centerCode != null) {
            query.setParameter("c", centerCode);
        }
        return query.setMaxResults(1).uniqueResultOptional();
    }
}
