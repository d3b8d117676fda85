package org.radpost.datacenter.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.schema.Database;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.TestDatabases;

/**
 * The directory remembers recent successful logins on a real (H2) database: a repeated right password skips PBKDF2
 * (counted by {@link Directory#passwordHashChecks()}), while a wrong password, a changed password, a disabled account
 * and an expired entry each take effect at once.
 */
class VerifiedLoginsTest {
    @TempDir
    Path dir;
    MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    Database db;
    Directory directory;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.freshH2(dir), DataCenter.ENTITIES);
        directory = new Directory(db.sessionFactory(), clock);
        directory.addCenter("c1", "Center One", "c1@radpost.test", "center-pw");
        directory.addViewer("v1", "Dr. One", "v1@radpost.test", "viewer-pw", AccessLevel.FULL);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void repeatedLoginsWithTheRightPasswordDeriveOnce() {
        long before = directory.passwordHashChecks();
        for (int i = 0; i < 5; i++) {
            assertThat(directory.authenticate("v1@radpost.test", "viewer-pw")).map(Account::name).contains("v1");
            assertThat(directory.authenticate("c1", "center-pw")).map(Account::name).contains("c1");
        }
        assertThat(directory.passwordHashChecks() - before).as("one derivation per account").isEqualTo(2);
    }

    @Test
    void aWrongPasswordAfterACachedSuccessIsRefusedAndDerives() {
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        long before = directory.passwordHashChecks();
        assertThat(directory.authenticate("v1", "viewer-pX")).isEmpty();
        assertThat(directory.authenticate("v1", "")).isEmpty();
        assertThat(directory.passwordHashChecks() - before).isEqualTo(2);
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.passwordHashChecks() - before).as("the right password is still remembered").isEqualTo(2);
    }

    @Test
    void aPasswordChangeTakesEffectAtOnceThoughTheOldOneIsCached() {
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.authenticate("c1", "center-pw")).isPresent();
        directory.setViewerPassword("v1", "new-viewer-pw");
        directory.setCenterPassword("c1", "new-center-pw");
        assertThat(directory.authenticate("v1", "viewer-pw")).isEmpty();
        assertThat(directory.authenticate("c1", "center-pw")).isEmpty();
        long before = directory.passwordHashChecks();
        assertThat(directory.authenticate("v1", "new-viewer-pw")).isPresent();
        assertThat(directory.authenticate("v1", "new-viewer-pw")).isPresent();
        assertThat(directory.authenticate("c1", "new-center-pw")).isPresent();
        assertThat(directory.passwordHashChecks() - before).isEqualTo(2);
    }

    @Test
    void aDisabledOrRemovedAccountIsRefusedAtOnceThoughCached() {
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.authenticate("c1", "center-pw")).isPresent();
        directory.setViewerActive("v1", false);
        directory.setCenterActive("c1", false);
        assertThat(directory.authenticate("v1", "viewer-pw")).isEmpty();
        assertThat(directory.authenticate("c1", "center-pw")).isEmpty();
        directory.setViewerActive("v1", true);
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        directory.removeViewer("v1");
        long before = directory.passwordHashChecks();
        assertThat(directory.authenticate("v1", "viewer-pw")).isEmpty();
        assertThat(directory.passwordHashChecks() - before).as("an unknown user still gets the dummy derivation").isEqualTo(1);
    }

    @Test
    void anExpiredEntryDerivesAgain() {
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        long before = directory.passwordHashChecks();
        clock.advance(VerifiedLogins.DEFAULT_LIFETIME.minus(Duration.ofSeconds(1)));
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.passwordHashChecks() - before).as("still fresh: hits do not extend the lifetime").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.passwordHashChecks() - before).isEqualTo(1);
        assertThat(directory.authenticate("v1", "viewer-pw")).isPresent();
        assertThat(directory.passwordHashChecks() - before).isEqualTo(1);
    }

    @Test
    void theCacheKeepsAtMostItsCapacityAndEvictsTheOldest() {
        VerifiedLogins logins = new VerifiedLogins(clock, Duration.ofMinutes(5), 3);
        for (int i = 0; i < 5; i++) {
            logins.remember("hash-" + i, "pw-" + i);
        }
        assertThat(logins.size()).isEqualTo(3);
        assertThat(logins.confirms("hash-0", "pw-0")).isFalse();
        assertThat(logins.confirms("hash-1", "pw-1")).isFalse();
        assertThat(logins.confirms("hash-4", "pw-4")).isTrue();
        assertThat(logins.confirms("hash-4", "pw-3")).isFalse();
    }
}
