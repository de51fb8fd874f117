package dev.breakaway.admin.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QrCodesTest {

    @Test
    void aQrCodeIsAnSvgOfWholeModulesWithAQuietZone() {
        String svg = QrCodes.svg("https://ingest.example.org/rider/#race=r&token=abc");

        assertThat(svg).startsWith("<svg").contains("viewBox=\"0 0 ").endsWith("</svg>");
        // version 3 or more for this length: at least 29 modules and 4 of quiet zone each side
        int size = Integer.parseInt(svg.replaceAll("(?s).*viewBox=\"0 0 (\\d+) .*", "$1"));
        assertThat(size).isGreaterThanOrEqualTo(29 + 8);
        // nothing drawn in the quiet zone
        assertThat(svg).doesNotContain("M0 ").doesNotContain("M1 ").doesNotContain("M3 0");
    }
}
