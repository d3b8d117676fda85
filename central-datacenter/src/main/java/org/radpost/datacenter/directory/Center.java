package org.radpost.datacenter.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An imaging center: it sends studies from its mail address and receives receipts and reports in its mailbox. */
@Entity
@Table(name = "center")
public class Center {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String code;
    private String name;
    private String address;
    @Column(name = "password_hash")
    private String passwordHash;
    private boolean active;
    @Column(name = "created_at")
    private Instant createdAt;
    /** The account's S/MIME certificate (PEM); null until it uses S/MIME, which it then must. */
    @Column(name = "smime_certificate")
    private String smimeCertificate;

    protected Center() {}

    public Center(String code, String name, String address, String passwordHash, Instant createdAt) {
        this.code = code;
        this.name = name;
        this.address = address.toLowerCase();
        this.passwordHash = passwordHash;
        this.active = true;
        this.createdAt = createdAt;
    }

    public Long id() { return id; }
    public String code() { return code; }
    public String name() { return name; }
    public String address() { return address; }
    public String passwordHash() { return passwordHash; }
    public boolean active() { return active; }
    public Instant createdAt() { return createdAt; }
    public void passwordHash(String hash) { this.passwordHash = hash; }
    public void active(boolean active) { this.active = active; }
    public java.util.Optional<String> smimeCertificate() { return java.util.Optional.ofNullable(smimeCertificate); }
    public void smimeCertificate(String pem) { this.smimeCertificate = pem == null || pem.isBlank() ? null : pem; }
    public void name(String name) { this.name = name; }
}
