package org.radpost.datacenter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.directory.Directory;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;

/** The data center's command line run as its own process against a stopped data center's MariaDB database. */
class DatacenterCliTest {
    @TempDir
    static Path dir;
    static DataCenterFixture fixture;
    static Path work;
    static String trackedStudy;
    static String trackedAccession;
    static final List<String> quarantinedAccessions = new java.util.ArrayList<>();

    @BeforeAll
    static void quarantineStudiesThenStop() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        for (int i = 0; i < 4; i++) {
            SampleStudy study = SampleStudy.of("CT", "PID-Q" + i, "DOE^JANE", "ACC-Q" + i + "-" + System.nanoTime() % 100000);
            quarantinedAccessions.add("ACC-Q" + i + "-");
            List<Path> parts = fixture.packageStudy(folderOf(study, 2, "q" + i), "nobody@radpost.test", Priority.ROUTINE, 600_000);
            for (Path part : parts) {
                fixture.send(part);
            }
        }
        SampleStudy tracked = SampleStudy.of("MR", "PID-TRACK", "TRACK^TOM", "ACC-TRACK");
        trackedStudy = tracked.studyInstanceUid();
        trackedAccession = "ACC-TRACK";
        for (Path part : fixture.packageStudy(folderOf(tracked, 12, "t"), DataCenterFixture.VIEWER, Priority.ROUTINE, 1_100_000)) {
            fixture.send(part);
        }
        fixture.drainPipeline();
        fixture.dataCenter.close();
        work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("datacenter.properties"), String.join("\n",
                "datacenter.data-dir=" + dir.resolve("dc"),
                "datacenter.domain=radpost.test",
                "datacenter.db.url=" + fixture.database.jdbcUrl(),
                "datacenter.db.user=" + fixture.database.user(),
                "datacenter.db.password=" + fixture.database.password(), ""));
    }

    private static Path folderOf(SampleStudy study, int images, String name) {
        Path folder = dir.resolve("studies").resolve(name);
        study.size(512, 512).writeImages(folder, images);
        return folder;
    }

    @AfterAll
    static void dropDatabase() {
        org.radpost.testkit.TestDatabases.drop(fixture.database);
    }

    private static CliProcess.Result datacenter(String... args) throws Exception {
        return CliProcess.run(work, "", Map.of(), args);
    }

    private static long quarantineEntry(int study) {
        return firstEntries().get(study);
    }

    /** The first entry number of each quarantined study, in arrival order. */
    private static List<Long> firstEntries() {
        try (var db = org.radpost.schema.Database.open(fixture.database, org.radpost.datacenter.DataCenter.ENTITIES)) {
            return db.sessionFactory().fromSession(s -> s.createNativeQuery(
                    "SELECT MIN(id) FROM quarantine GROUP BY study_uid ORDER BY MIN(id)", Long.class).getResultList());
        }
    }

    @Test
    void releaseToAViewerTheCenterMayNotSendToIsRefusedWithASentence() throws Exception {
        CliProcess.Result result = datacenter("release", Long.toString(quarantineEntry(0)), "--to", DataCenterFixture.OTHER_VIEWER);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("not authorized").contains("c1").contains("v2");
    }

    @Test
    void releaseToAnUnknownAddressIsRefusedWithASentence() throws Exception {
        CliProcess.Result result = datacenter("release", Long.toString(quarantineEntry(1)), "--to", "typo@radpost.test");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("typo@radpost.test").contains("no viewer");
    }

    @Test
    void releaseWithNoDataCenterRunningSaysSoInsteadOfClaimingOneRoutesIt() throws Exception {
        CliProcess.Result result = datacenter("release", Long.toString(quarantineEntry(2)), "--to", DataCenterFixture.VIEWER);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).doesNotContain("routed again by the running data center")
                .contains("no data center is running");
    }

    @Test
    void theCommandAnErrorPointsToExists() throws Exception {
        CliProcess.Result result = datacenter("release", "999999", "--to", DataCenterFixture.VIEWER);
        assertThat(result.exitCode()).isEqualTo(1);
        Matcher named = Pattern.compile("'datacenter ([^']+)'").matcher(result.err());
        assertThat(named.find()).as("the message names a command: " + result.err()).isTrue();
        CliProcess.Result pointed = datacenter(named.group(1).split(" "));
        assertThat(pointed.exitCode()).as(pointed.all()).isZero();
    }

    @Test
    void quarantineListsAManyPartStudyOnceWithItsPatientAndAccession() throws Exception {
        CliProcess.Result result = datacenter("quarantine");
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains(quarantinedAccessions.get(3));
        assertThat(result.out().split(java.util.regex.Pattern.quote(quarantinedAccessions.get(3)), -1)).hasSize(2);
        assertThat(result.out()).contains("2 parts").contains("DOE, JANE");
    }

    @Test
    void addCenterWithoutATerminalOrPasswordIsRefusedAndCreatesNothing() throws Exception {
        CliProcess.Result result = datacenter("add-center", "--code", "c8", "--name", "Eight", "--address", "c8@radpost.test", "--password");
        assertThat(result.exitCode()).as(result.all()).isEqualTo(64);
        assertThat(result.err()).contains("password").contains("RADPOST_PASSWORD");
        assertThat(directoryHas("c8@radpost.test")).isFalse();
    }

    @Test
    void addCenterReadsThePasswordFromStandardInputOrTheEnvironment() throws Exception {
        CliProcess.Result piped = CliProcess.run(work, "piped-pw\n", Map.of(),
                "add-center", "--code", "c6", "--name", "Six", "--address", "c6@radpost.test", "--password");
        assertThat(piped.exitCode()).as(piped.all()).isZero();
        CliProcess.Result env = CliProcess.run(work, "", Map.of("RADPOST_PASSWORD", "env-pw"),
                "add-center", "--code", "c7", "--name", "Seven", "--address", "c7@radpost.test", "--password");
        assertThat(env.exitCode()).as(env.all()).isZero();
        try (var db = org.radpost.schema.Database.open(fixture.database, org.radpost.datacenter.DataCenter.ENTITIES)) {
            Directory directory = new Directory(db.sessionFactory(), java.time.Clock.systemUTC());
            assertThat(directory.authenticate("c6@radpost.test", "piped-pw")).isPresent();
            assertThat(directory.authenticate("c7@radpost.test", "env-pw")).isPresent();
        }
    }

    @Test
    void trackPrintsAHeaderAndOneLinePerStateForAManyPartStudy() throws Exception {
        CliProcess.Result result = datacenter("track", trackedAccession);
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("TRACK, TOM").contains("ACC-TRACK").contains("MR").contains("Current state")
                .contains(trackedStudy);
        assertThat(result.out().lines().count()).as(result.out()).isLessThan(25);
        assertThat(result.out()).containsPattern("RECEIVED\\s+\\d+");
    }

    private static boolean directoryHas(String address) {
        try (var db = org.radpost.schema.Database.open(fixture.database, org.radpost.datacenter.DataCenter.ENTITIES)) {
            return new Directory(db.sessionFactory(), java.time.Clock.systemUTC()).accountByAddress(address).isPresent();
        }
    }
}
