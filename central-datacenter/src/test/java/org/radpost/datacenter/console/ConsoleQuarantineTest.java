package org.radpost.datacenter.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.route.QuarantinedStudy;
import org.radpost.testkit.SampleStudy;

/** The quarantine's forms over HTTPS: a refused release says why, bulk release takes many studies of one cause, roles hold. */
class ConsoleQuarantineTest {
    @TempDir
    Path dir;
    ConsoleFixture fixture;

    @BeforeEach
    void quarantineTwoStudies() throws Exception {
        fixture = new ConsoleFixture(dir, Clock.systemUTC(), false);
        for (int i = 0; i < 2; i++) {
            Path folder = dir.resolve("s" + i);
            SampleStudy.of("MR", "PID-" + i, "GREEN^GIL", "ACC-G" + i).size(128, 128).writeImages(folder, 2);
            fixture.send(folder, DataCenterFixture.OTHER_VIEWER, 20_000_000);
        }
        fixture.drain();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<QuarantinedStudy> waiting() {
        return fixture.dataCenter.quarantine().studies(null);
    }

    @Test
    void aReleaseToAViewerTheCenterMayNotSendToIsRefusedWithASentence() throws Exception {
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        long number = waiting().get(0).number();
        operator.get("/quarantine/" + number);
        HttpResponse<String> refused = operator.post("/quarantine/" + number + "/release", "viewer", "v2");
        assertThat(operator.follow(refused).body()).contains("center c1 is not authorized to send MR studies to viewer v2");
        assertThat(waiting()).hasSize(2);
    }

    @Test
    void anOperatorMayNotGrantARouteButAManagerMayAndReleasesInOneStep() throws Exception {
        long number = waiting().get(0).number();
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        operator.get("/quarantine/" + number);
        assertThat(operator.post("/quarantine/" + number + "/grant-and-release", "viewer", "v2", "scope", "modality").statusCode())
                .isEqualTo(403);
        ConsoleClient manager = fixture.signedIn(Role.MANAGER);
        manager.get("/quarantine/" + number);
        HttpResponse<String> done = manager.post("/quarantine/" + number + "/grant-and-release", "viewer", "v2", "scope", "modality");
        assertThat(manager.follow(done).body()).contains("Center c1 may now send MR studies to v2");
        assertThat(fixture.dataCenter.directory().grants()).anyMatch(g -> "v2".equals(g.viewerCode()) && "MR".equals(g.modality()));
        assertThat(waiting()).hasSize(1);
    }

    @Test
    void bulkReleaseTakesEveryTickedStudyOfOneCause() throws Exception {
        ConsoleClient operator = fixture.signedIn(Role.OPERATOR);
        assertThat(operator.get("/quarantine?cause=unauthorized-route").body()).contains("Release selected");
        List<QuarantinedStudy> studies = waiting();
        HttpResponse<String> response = operator.post("/quarantine/bulk", "action", "release", "viewer", "v1",
                "number", Long.toString(studies.get(0).number()), "number", Long.toString(studies.get(1).number()));
        assertThat(operator.follow(response).body()).contains("2 studies released");
        assertThat(waiting()).isEmpty();
        fixture.drain();
        assertThat(fixture.count("select count(*) from delivery where kind = 'STUDY' and mailbox = '" + DataCenterFixture.VIEWER + "'"))
                .isEqualTo(2);
        assertThat(fixture.count("select count(*) from console_audit where action = 'quarantine-release' and actor = 'operator'"))
                .isEqualTo(2);
    }
}
