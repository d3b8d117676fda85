package org.radpost.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's AUTO_SERVER (which lets the command line work while the server runs) answers on this
 * machine only and only to the generated password.
 */
class EmbeddedServerTest {
    @TempDir
    Path folder;

    @Test
    void theAutoServerListensOnLoopbackOnly() throws Exception {
        try (Database ignored = Database.open(DatabaseConfig.embedded(folder), List.of())) {
            int port = autoServerPort();
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            InetAddress external = externalAddress();
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external, port), 2000);
                }
            }).as("the database's TCP port must not answer on %s", external).isInstanceOf(IOException.class);
        }
    }

    @Test
    void theEmptyPasswordDoesNotLogIn() {
        DatabaseConfig config = DatabaseConfig.embedded(folder);
        try (Database ignored = Database.open(config, List.of())) {
            assertThat(config.password()).hasSizeGreaterThanOrEqualTo(32);
            assertThatThrownBy(() -> DriverManager.getConnection(config.jdbcUrl(), "sa", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
        }
    }

    @Test
    void aSecondProcessWorksOnTheDatabaseWhileTheServerHasItOpen() throws Exception {
        try (Database server = Database.open(DatabaseConfig.embedded(folder), List.of())) {
            Sql.update(server, "insert into status_event (study_uid, state, actor, detail, at)"
                    + " values ('1.2.3', 'RECEIVED', 'test', 'x', current_timestamp)");
            // As "datacenter add-center" does while "datacenter serve" runs.
            Process cli = ChildJvm.start(CommitLoopMain.class, folder.resolve("cli.log"), folder.toString(), "count");
            String line = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(line).as("the second process's output (log: %s)", Files.readString(folder.resolve("cli.log")))
                    .isEqualTo("rows 1");
        }
    }

    @Test
    void aDatabaseMadeWithTheOldEmptyPasswordMovesToTheGeneratedOne() throws Exception {
        DatabaseConfig config = DatabaseConfig.embedded(folder);
        String old = config.jdbcUrl().replace(";AUTO_SERVER=TRUE", "");
        DriverManager.getConnection(old, "sa", "").close();
        try (Database upgraded = Database.open(config, List.of())) {
            assertThat(Sql.strings(upgraded, "select 1")).containsExactly("1");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(old, "sa", "").close()).isInstanceOf(SQLException.class);
    }

    private int autoServerPort() throws IOException {
        Properties lock = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve("radpost.lock.db"), StandardCharsets.ISO_8859_1)) {
            lock.load(in);
        }
        String server = lock.getProperty("server");
        assertThat(server).as("AUTO_SERVER writes its address into the lock file").isNotNull();
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }

    /** An address of this machine other than loopback, where a listener on all interfaces would answer. */
    private static InetAddress externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress() && nic.isUp()) {
                    return address;
                }
            }
        }
        throw new IllegalStateException("this machine has no address besides loopback; the test needs one to show"
                + " that the database does not listen there");
    }
}
