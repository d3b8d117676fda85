package org.radpost.viewer.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonNameTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Dr. Demo Radiologist|Radiologist^Demo^^Dr.|Dr. Demo Radiologist",
            "Ada Reader|Reader^Ada|Ada Reader",
            "Prof. Dr. Jane Q. Public MD|Public^Jane^Q.^Prof. Dr.^MD|Prof. Dr. Jane Q. Public MD",
            "Radiologist, Demo|Radiologist^Demo|Demo Radiologist",
            "Radiologist^Demo^^Dr.|Radiologist^Demo^^Dr.|Dr. Demo Radiologist",
            "Radiologist|Radiologist|Radiologist",
            "Dr Reader|Reader^^^Dr|Dr Reader"})
    void readsHowPeopleWriteNamesIntoDicomComponents(String written, String dicom, String back) {
        PersonName name = PersonName.of(written);

        assertThat(name.dicom()).isEqualTo(dicom);
        assertThat(name.written()).isEqualTo(back);
    }
}
