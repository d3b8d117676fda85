package org.radpost.datacenter;

/** The intake contract on MariaDB, the production database. */
class IntakeOnMariaDbTest extends IntakeContract {
    @Override
    boolean onMariaDb() {
        return true;
    }
}
