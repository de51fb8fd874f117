package dev.breakaway.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LakehouseCatalogTest {

    @Test
    void theLakehouseIsConfiguredOnlyWhenItsCatalogIsGivenWithAWarehouse() {
        assertThat(LakehouseCatalog.fromArguments(Map.of())).isNull();
        LakehouseCatalog lakehouse =
                LakehouseCatalog.fromArguments(
                        Map.of(
                                "lakehouse.jdbc-url", "jdbc:postgresql://db:5432/lakehouse",
                                "lakehouse.warehouse", "s3://history/warehouse"));
        assertThat(lakehouse.name()).isEqualTo("breakaway");
        assertThat(lakehouse.user()).isEqualTo("postgres");
        assertThat(lakehouse.properties()).containsEntry("warehouse", "s3://history/warehouse");
        assertThatThrownBy(
                        () ->
                                LakehouseCatalog.fromArguments(
                                        Map.of("lakehouse.jdbc-url", "jdbc:postgresql:x")))
                .hasMessageContaining("lakehouse.warehouse");
    }

    @Test
    void aWarehouseWithoutASchemeIsRefused() {
        assertThatThrownBy(
                        () ->
                                new LakehouseCatalog(
                                        "breakaway", "jdbc:postgresql:x", "u", "", "/tmp/w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme");
    }
}
