package org.radpost.datacenter.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.schema.Database;
import org.radpost.testkit.TestDatabases;

/** The directory's administration on a real (H2) database: every change is read by the next question, no restart. */
class DirectoryAdministrationTest {
    @TempDir
    Path dir;
    Database db;
    Directory directory;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.freshH2(dir), DataCenter.ENTITIES);
        directory = new Directory(db.sessionFactory(), Clock.systemUTC());
        directory.addCenter("c1", "Center One", "c1@radpost.test", "center-pw");
        directory.addViewer("v1", "Dr. One", "v1@radpost.test", "viewer-pw", AccessLevel.FULL);
        directory.addViewer("v2", "Dr. Two", "v2@radpost.test", "viewer-pw", AccessLevel.FULL);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anEmptyPasswordIsNeverStored() {
        assertThatThrownBy(() -> directory.addCenter("c2", "Two", "c2@radpost.test", "")).hasMessageContaining("password");
        assertThatThrownBy(() -> directory.setViewerPassword("v1", " ")).hasMessageContaining("password");
        assertThat(directory.accountByAddress("c2@radpost.test")).isEmpty();
    }

    @Test
    void aDisabledCenterCannotSignInAndANewPasswordWorksAtOnce() {
        directory.setCenterActive("c1", false);
        assertThat(directory.authenticate("c1@radpost.test", "center-pw")).isEmpty();
        directory.setCenterActive("c1", true);
        directory.setCenterPassword("c1", "new-center-pw");
        assertThat(directory.authenticate("c1@radpost.test", "center-pw")).isEmpty();
        assertThat(directory.authenticate("c1@radpost.test", "new-center-pw")).isPresent();
    }

    @Test
    void aGroupAuthorizationCoversEveryMemberAndRevokingEndsIt() {
        Center center = directory.requireCenter("c1");
        directory.changeViewer("v2", v -> v.viewerGroup("neuro"));
        assertThat(directory.isAuthorized(center, directory.requireViewer("v2"), "MR")).isFalse();
        directory.authorizeGroup("c1", "neuro", "MR");
        assertThat(directory.isAuthorized(center, directory.requireViewer("v2"), "MR")).isTrue();
        assertThat(directory.isAuthorized(center, directory.requireViewer("v2"), "CT")).isFalse();
        assertThat(directory.isAuthorized(center, directory.requireViewer("v1"), "MR")).isFalse();
        assertThat(directory.viewersFor(center, "MR")).extracting(Viewer::code).containsExactly("v2");
        Grant grant = directory.grants().get(0);
        assertThat(grant.to()).isEqualTo("group neuro");
        directory.revoke(grant.id());
        assertThat(directory.isAuthorized(center, directory.requireViewer("v2"), "MR")).isFalse();
    }

    @Test
    void removingAViewerTakesItsAuthorizationsAndADisabledOneIsNoDestination() {
        directory.authorize("c1", "v1", null);
        directory.authorize("c1", "v2", null);
        directory.setViewerActive("v1", false);
        assertThat(directory.viewersFor(directory.requireCenter("c1"), "CT")).extracting(Viewer::code).containsExactly("v2");
        directory.removeViewer("v2");
        assertThat(directory.grants()).extracting(Grant::viewerCode).containsExactly("v1");
        assertThatThrownBy(() -> directory.requireViewer("v2")).hasMessageContaining("'datacenter viewers' lists them");
        directory.removeCenter("c1");
        assertThat(directory.centers()).isEmpty();
    }
}
