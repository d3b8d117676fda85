package org.radpost.datacenter;

/** The intake contract on the embedded H2 default. */
class IntakeOnH2Test extends IntakeContract {
    @Override
    boolean onMariaDb() {
        return false;
    }
}
