package org.radpost.datacenter.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A remote radiologist's viewer agent: a mailbox that receives studies, and a sender of receipts and reports. */
@Entity
@Table(name = "viewer")
public class Viewer {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String code;
    private String name;
    private String address;
    @Column(name = "password_hash")
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    @Column(name = "access_level")
    private AccessLevel accessLevel;
    private boolean active;
    @Column(name = "viewer_group")
    private String viewerGroup;
    @Column(name = "created_at")
    private Instant createdAt;
    /** The account's S/MIME certificate (PEM); null until it uses S/MIME, which it then must. */
    @Column(name = "smime_certificate")
    private String smimeCertificate;

    protected Viewer() {}

    public Viewer(String code, String name, String address, String passwordHash, AccessLevel accessLevel, Instant createdAt) {
        this.code = code;
        this.name = name;
        this.address = address.toLowerCase();
        this.passwordHash = passwordHash;
        this.accessLevel = accessLevel;
        this.active = true;
        this.createdAt = createdAt;
    }

    public Long id() { return id; }
    public String code() { return code; }
    public String name() { return name; }
    public String address() { return address; }
    public String passwordHash() { return passwordHash; }
    public AccessLevel accessLevel() { return accessLevel; }
    public boolean active() { return active; }
    public String viewerGroup() { return viewerGroup; }
    public void passwordHash(String hash) { this.passwordHash = hash; }
    public void active(boolean active) { this.active = active; }
    public void name(String name) { this.name = name; }
    public void accessLevel(AccessLevel level) { this.accessLevel = level; }
    /** The group this viewer reads for ({@code null}: none); a center authorized for the group may send to it. */
    public java.util.Optional<String> smimeCertificate() { return java.util.Optional.ofNullable(smimeCertificate); }
    public void smimeCertificate(String pem) { this.smimeCertificate = pem == null || pem.isBlank() ? null : pem; }
    public void viewerGroup(String group) { this.viewerGroup = group == null || group.isBlank() ? null : group.trim(); }
}
