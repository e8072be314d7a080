"""`metadata.resolve`: a name several tables define differently resolves per table."""

from juesuan import metadata


def test_names_with_several_meanings_have_one_definition_per_table():
    meanings = {}
    for table in metadata.TABLES.values():
        for col in table.columns:
            meanings.setdefault(col.name, set()).add(col)
    several = {name for name, defs in meanings.items() if len(defs) > 1}
    assert {"actual", "src_line", "scope", "level", "score"} <= several
    for table in metadata.TABLES.values():
        for col in table.columns:
            assert metadata.resolve(col.name, table.name) is col


def test_shared_fields_are_one_object():
    tables_with_doc_id = [t for t in metadata.TABLES.values() if "doc_id" in t.column_names]
    assert len(tables_with_doc_id) == len(metadata.TABLES)
    assert {id(t.column("doc_id")) for t in tables_with_doc_id} == {id(metadata.SHARED["doc_id"])}
    for table in metadata.INGESTED:
        if table.name != "documents":
            assert set(metadata.PROVENANCE) <= set(table.column_names), table.name


def test_a_measure_resolves_where_no_table_defines_the_name():
    assert metadata.resolve("gap_wanyuan").zh == "决算减年初预算"
    assert metadata.resolve("income_total").zh == "收入总计"  # a metric, as headlines makes it
    assert metadata.resolve("no_such_column") is None
