package org.radpost.datacenter.index;

/** {@link OwnershipContract} on the embedded H2 default. */
class OwnershipOnH2Test extends OwnershipContract {
    @Override
    boolean onMariaDb() {
        return false;
    }
}
