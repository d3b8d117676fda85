package org.radpost.archiver.retention;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.radpost.wire.StudyUid;

/** Everything about how long studies are kept: rules, center policies, holds, expiry notices and the sweep. */
public final class Retention {
    private final RetentionRules rules;
    private final CenterPolicies policies;
    private final Holds holds;
    private final ExpiryNotices notices;
    private final RetentionSweep sweep;

    public Retention(RetentionRules rules, CenterPolicies policies, Holds holds, ExpiryNotices notices,
                     RetentionSweep sweep) {
        this.rules = rules;
        this.policies = policies;
        this.holds = holds;
        this.notices = notices;
        this.sweep = sweep;
    }

    /** Adds or changes a rule; returns how many live objects got a new expiry date. */
    public int setRule(RetentionRule rule, String actor) {
        return rules.set(rule, actor);
    }

    public List<RetentionRule> rules() {
        return rules.rules();
    }

    public void setPolicy(CenterRetention policy, String actor) {
        policies.set(policy, actor);
    }

    public List<CenterRetention> policies() {
        return policies.list();
    }

    public Hold hold(StudyUid study, String reason, String actor) {
        return holds.hold(study, reason, actor);
    }

    /** Lifts every active hold on the study; returns how many. */
    public int release(StudyUid study, String actor) {
        return holds.release(study, actor);
    }

    public List<Hold> holds(boolean activeOnly) {
        return holds.list(activeOnly);
    }

    /** Notices to mail now; each stays due until {@link #markNotified} is called for its study. */
    public List<ExpiryNotice> dueNotices() {
        return notices.due();
    }

    public void markNotified(StudyUid study, String actor) {
        notices.markNotified(study, actor);
    }

    /** The center confirms deletion of the study at its expiry date. */
    public void confirm(StudyUid study, String actor) {
        notices.confirm(study, actor);
    }

    /** Expires what is due and compacts the volumes that held it. */
    public SweepReport sweep(String actor) {
        return sweep.run(actor);
    }

    public Optional<LocalDate> expiryOf(StudyUid study) {
        return sweep.expiryOf(study);
    }
}
