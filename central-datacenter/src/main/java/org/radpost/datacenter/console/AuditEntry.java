package org.radpost.datacenter.console;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One action taken in the console or with the CLI: who, when, what, on what, and the state before and after. */
@Entity
@Table(name = "console_audit")
public class AuditEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private Instant at;
    private String actor;
    private String action;
    private String target;
    @Column(name = "before_value")
    private String before;
    @Column(name = "after_value")
    private String after;
    @Column(name = "remote_address")
    private String remoteAddress;

    protected AuditEntry() {}

    public AuditEntry(Instant at, String actor, String action, String target, String before, String after, String remoteAddress) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.target = cut(target, 254);
        this.before = cut(before, 2000);
        this.after = cut(after, 2000);
        this.remoteAddress = remoteAddress;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    public Long id() { return id; }
    public Instant at() { return at; }
    public String actor() { return actor; }
    public String action() { return action; }
    public String target() { return target; }
    public String before() { return before; }
    public String after() { return after; }
    public String remoteAddress() { return remoteAddress; }
}
