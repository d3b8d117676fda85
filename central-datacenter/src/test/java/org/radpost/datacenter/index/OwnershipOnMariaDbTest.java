package org.radpost.datacenter.index;

/** {@link OwnershipContract} on MariaDB, the production database. */
class OwnershipOnMariaDbTest extends OwnershipContract {
    @Override
    boolean onMariaDb() {
        return true;
    }
}
