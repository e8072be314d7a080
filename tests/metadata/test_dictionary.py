"""The data dictionary and datapackage.json describe every table and column of the metadata."""

from juesuan import metadata
from juesuan.metadata.dictionary import data_dictionary, datapackage


def test_every_table_and_column_is_described():
    package = datapackage()
    assert [r["name"] for r in package["resources"]] == list(metadata.TABLES)
    for resource in package["resources"]:
        table = metadata.TABLES[resource["name"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == table.column_names
        assert all(f["title"] and f["description"] for f in resource["schema"]["fields"])
    text = data_dictionary()
    for table in metadata.TABLES.values():
        assert f"## `{table.name}`" in text
        assert all(f"| `{c.name}` |" in text for c in table.columns)
    assert all(f"| `{m}` |" in text for m in metadata.METRICS)
