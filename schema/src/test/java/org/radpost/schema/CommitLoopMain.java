package org.radpost.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process for the kill tests: opens the embedded database of the folder in {@code args[0]} and either
 * commits one audit row after another, printing "committed N" after each commit returns ({@code commit}), or
 * prints the number of rows and exits ({@code count}).
 */
public final class CommitLoopMain {
    private CommitLoopMain() {}

    public static void main(String[] args) {
        try (Database database = Database.open(DatabaseConfig.embedded(Path.of(args[0])), List.of())) {
            if (args[1].equals("count")) {
                long rows = database.sessionFactory().fromTransaction(s -> ((Number) s.createNativeQuery(
                        "select count(*) from status_event", Object.class).getSingleResult()).longValue());
                System.out.println("rows " + rows);
                return;
            }
            for (long n = 1; ; n++) {
                String detail = Long.toString(n);
                // The same path as the data center's intake: a Hibernate transaction, then the acknowledgement.
                database.sessionFactory().inTransaction(s -> s.createNativeMutationQuery(
                                "insert into status_event (study_uid, state, actor, detail, at) values ('1.2.3', 'RECEIVED', 'kill-test', :d, current_timestamp)")
                        .setParameter("d", detail).executeUpdate());
                System.out.println("committed " + n);
                System.out.flush();
            }
        }
    }
}
