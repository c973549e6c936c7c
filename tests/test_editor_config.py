"""The web editor's configuration comes from the content model, and its local backend writes
only where items and images live, for its own origin only.

Expectations are computed from the schema's declaration and from the data files read here with
tomllib, not from the generator's own tables.
"""

from __future__ import annotations

import json
import tomllib
import urllib.error
import urllib.request

import pytest

from content_model import schema
from editor import config
from tests.support import ROOT


@pytest.fixture(scope="module")
def built():
    return config.build(ROOT)


def collections(built) -> dict:
    return {c["name"]: c for c in built["decap"]["collections"]}


def test_a_collection_per_type_in_its_folder_with_nl_fr_en_side_by_side(built):
    found = collections(built)
    assert sorted(found) == sorted(schema.TYPES.values())
    for folder in schema.TYPES.values():
        assert found[folder]["folder"] == f"content/{folder}"
        assert found[folder]["i18n"] is True
    assert built["decap"]["i18n"] == {"structure": "multiple_folders",
                                      "locales": ["nl", "fr", "en"], "default_locale": "nl"}
    # the identity decision: the Dutch `Slug` is the file name every translation shares
    assert found["cases"]["slug"] == "{{fields.Slug}}"


def test_every_field_of_every_type_with_its_docs_requirement_and_language_rule(built):
    found = collections(built)
    for type_, folder in schema.TYPES.items():
        fields = {f["name"]: f for f in found[folder]["fields"]}
        expected = [f for f in schema.fields_for(type_) if f.name != "Source-Hash"]
        assert list(fields)[:-1] == [f.name for f in expected]  # schema order, then the body
        assert fields["body"]["widget"] == "markdown" and fields["body"]["modes"] == ["raw"]
        for fld in expected:
            made = fields[fld.name]
            assert made["hint"].startswith(fld.doc), fld.name
            assert made["required"] == (fld.required or fld.kind == "slug"), fld.name
            assert made["i18n"] == ("duplicate" if fld.shared and fld.kind != "lang" else True)
            if fld.kind == "date":
                assert (made["widget"], made["format"], made["time_format"]) == \
                    ("datetime", "YYYY-MM-DD", False)


def _labels(path, lang="nl") -> dict:
    data = tomllib.loads(path.read_text("utf-8"))
    return {key: value[lang] for key, value in data.items() if isinstance(value, dict)}


def test_taxonomy_fields_are_selects_of_the_data_files_values_with_dutch_labels(built):
    fields = {f["name"]: f for f in collections(built)["measures"]["fields"]}
    data = ROOT / "content" / "_data"
    for name, file in (("Audiences", "audiences"), ("Sectors", "sectors"),
                       ("Regions", "regions"), ("Level", "levels"),
                       ("Target-Groups", "target-groups"), ("Parties", "parties")):
        made = fields[name]
        assert made["widget"] == "select" and made["multiple"] is True
        expected = _labels(data / f"{file}.toml")
        assert {o["value"]: o["label"] for o in made["options"]} == expected, name
    dims = tomllib.loads((data / "dimensions.toml").read_text("utf-8"))
    duration = {o["value"]: o["label"] for o in fields["Duration"]["options"]}
    assert duration == {k: v["nl"] for k, v in dims["duration"]["values"].items()}
    assert fields["Duration"]["multiple"] is False
    sources = tomllib.loads((data / "sources.toml").read_text("utf-8"))
    assert [o["value"] for o in fields["Sources"]["options"]] == list(sources)


def test_relations_name_items_by_their_file_name(built):
    cases = {f["name"]: f for f in collections(built)["cases"]["fields"]}
    assert cases["Measures"]["widget"] == "relation"
    assert cases["Measures"]["collection"] == "measures"
    assert cases["Measures"]["value_field"] == "{{slug}}"
    related = {o["value"] for o in cases["Related"]["options"]}
    names = {p.stem for t in schema.ITEM_TYPES
             for p in (ROOT / "content" / schema.TYPES[t] / "nl").glob("*.md")}
    assert related == names


def test_the_header_format_knows_every_field_and_which_hold_lists(built):
    assert built["model"]["fields"] == [{"name": f.name, "list": f.kind in ("terms", "refs")}
                                        for f in schema.FIELDS]


def test_kinds_without_a_widget_of_their_own_are_known():
    # a new kind of field is edited as a line of text until the generator learns it: this list
    # says which kinds that is, so adding one is a decision, not an accident
    assert sorted({f.kind for f in schema.FIELDS} - set(config.KINDS)) == ["change"]


# -- the local backend ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from editor.server import EditorServer

    root = tmp_path_factory.mktemp("backend")
    (root / "content" / "cases" / "nl").mkdir(parents=True)
    (root / "content" / "cases" / "nl" / "a.md").write_text("Title: A\n\nTekst.\n", "utf-8")
    (root / "tasks.py").write_text("# not to be written\n", "utf-8")
    (root / "content" / "link").symlink_to(root)
    with EditorServer(root) as running:
        running.root = root
        yield running


def call(server, action, params, headers=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/api/v1", method="POST",
        data=json.dumps({"action": action, "params": params}).encode(),
        headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_the_backend_reads_and_writes_items_exactly(server):
    status, found = call(server, "entriesByFolder",
                         {"folder": "content/cases", "extension": "md", "depth": 2})
    assert status == 200 and [e["file"]["path"] for e in found] == ["content/cases/nl/a.md"]
    assert found[0]["data"] == "Title: A\n\nTekst.\n"
    raw = "Title: B\r\n\n\u00a0x  \n"
    assert call(server, "persistEntry", {"dataFiles": [
        {"path": "content/cases/fr/b.md", "raw": raw},
        {"path": "content/cases/en/b.md", "raw": "\n"}]})[0] == 200
    assert (server.root / "content/cases/fr/b.md").read_bytes() == raw.encode("utf-8")
    assert not (server.root / "content/cases/en/b.md").exists()  # a language not written


@pytest.mark.parametrize("path", ["tasks.py", "content/../tasks.py", "content/cases/nl/../x.md",
                                  "content/link/tasks.py", "content/cases/nl/A.md",
                                  "content/cases/nl/a.py", "content/_data/sources.toml",
                                  "content/cases/de/a.md", "content/.git/config",
                                  "/etc/passwd", "content/images/x.html"])
def test_the_backend_writes_nothing_outside_items_and_images(server, path):
    status, _ = call(server, "persistEntry", {"dataFiles": [{"path": path, "raw": "x\n"}]})
    assert status in (400, 403)
    assert (server.root / "tasks.py").read_text("utf-8") == "# not to be written\n"


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"},
                                     {"Host": "evil.example"},
                                     {"Content-Type": "text/plain"}])
def test_only_the_editors_own_page_may_call_the_backend(server, headers):
    status, _ = call(server, "persistEntry",
                     {"dataFiles": [{"path": "content/cases/nl/c.md", "raw": "Title: C\n"}]},
                     headers)
    assert status in (403, 415)
    assert not (server.root / "content/cases/nl/c.md").exists()


def test_make_serve_starts_the_editor_beside_the_preview_and_stops_it(monkeypatch):
    import socket

    from invoke import Context

    import portal.devserver
    import tasks

    with socket.socket() as probe:  # a free port for the editor (the preview, not started,
        probe.bind(("127.0.0.1", 0))  # would have the one before it)
        port = probe.getsockname()[1]
    seen = {}

    def preview(root, port, editor=None):  # stands in for the preview: asks the editor
        seen["editor"] = editor  # where the preview's /admin/ leads
        with urllib.request.urlopen(f"http://127.0.0.1:{port + 1}/admin/config.json") as r:
            seen["config"] = json.loads(r.read())

    monkeypatch.setattr(portal.devserver, "serve", preview)
    monkeypatch.setattr(tasks, "compile_catalogs", lambda *args, **kwargs: None)
    tasks.serve(Context(), port=port - 1)
    assert seen["config"]["decap"] == config.build(ROOT)["decap"]
    assert seen["editor"] == f"http://127.0.0.1:{port}/admin/"
    with pytest.raises(urllib.error.URLError):  # stopped with the preview
        urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/", timeout=5)


def test_the_previews_admin_address_leads_to_the_editors_own_origin(tmp_path):
    """`make serve`: /admin/ on the preview answers with the editor's address (a separate
    origin, so Decap's policy never reaches the portal's pages); without an editor, 404."""
    import http.client
    import types

    from tests.support import preview_server

    preview = types.SimpleNamespace(folder=tmp_path)
    for editor, expected in (("http://127.0.0.1:8601/admin/", 303), (None, 404)):
        with preview_server(preview, editor) as origin:
            for path in ("/admin/", "/admin"):
                connection = http.client.HTTPConnection(origin.removeprefix("http://"))
                connection.request("GET", path)
                answer = connection.getresponse()
                assert answer.status == expected, (editor, path)
                assert answer.getheader("Location") == (editor if editor else None)
                connection.close()
