"""Report identity: the id, the issuer (options and config file), digests of the rulebook,
dossier and evidence, drafts with their response deadline, and inspection findings, in
every format."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli
from hypothesis import given
from hypothesis import strategies as st
from report_samples import sample_report, sample_rulebook

from toelating.issuing import CONFIG_VARIABLE
from toelating.report import Issue, Issuer
from toelating.reporters import REGISTRY, RenderOptions, reporter
from toelating.rulebook.load import Rulebook, load_rulebook
from toelating.text import Language
from toelating.workdays import is_working_day, working_days_after

AS_OF = "2027-05-15"


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "dossier"
    shutil.copytree(EXAMPLES / "flexwerk-noord", folder)
    (folder / "evidence").mkdir()
    (folder / "evidence" / "vog.pdf").write_bytes(b"%PDF-1.7 VOG")
    with (folder / "dossier.yaml").open("a", encoding="utf-8") as file:
        file.write("evidence:\n  - {id: EV-VOG, file: evidence/vog.pdf}\n")
    return folder


def identity(cli: Cli, dossier: Path, *extra: str) -> dict[str, object]:
    result = cli(["check", str(dossier), "--as-of", AS_OF, "--format", "json", *extra])
    assert result.exit_code in (0, 1), result.stderr
    found: dict[str, object] = json.loads(result.stdout)["identity"]
    return found


# --- the id -----------------------------------------------------------------------------


def test_the_same_check_has_the_same_id_and_any_other_check_another(
    cli: Cli, dossier: Path
) -> None:
    first = identity(cli, dossier)
    assert identity(cli, dossier) == first  # reproducible: same inputs, same report
    others = [
        identity(cli, dossier, "--inspector", "Ingrid de Jong"),
        identity(cli, dossier, "--draft"),
        identity(cli, dossier, "--as-of", "2027-05-16"),
        identity(cli, dossier, "--fail-on", "minor"),
    ]
    (dossier / "evidence" / "vog.pdf").write_bytes(b"%PDF-1.7 VOG, changed")
    others.append(identity(cli, dossier))
    ids = [first["report_id"], *(other["report_id"] for other in others)]
    assert len(set(ids)) == len(ids)


def test_the_identity_states_what_the_check_read(cli: Cli, dossier: Path) -> None:
    found = identity(cli, dossier, "--inspector", "Ingrid de Jong", "--organisation", "SNA B.V.")
    text = (dossier / "dossier.yaml").read_bytes()
    assert found["dossier_sha256"] == hashlib.sha256(text).hexdigest()
    assert found["dossier_file"] == "dossier.yaml"
    vog = hashlib.sha256(b"%PDF-1.7 VOG").hexdigest()
    assert found["evidence"] == [
        {"id": "EV-VOG", "file": "evidence/vog.pdf", "status": "ok", "sha256": vog}
    ]
    assert (found["inspector"], found["organisation"]) == ("Ingrid de Jong", "SNA B.V.")
    assert found["issued_on"] == dt.date.today().isoformat()
    assert found["draft"] is False and "response_deadline" not in found


def test_a_missing_evidence_file_is_stated_as_unread(cli: Cli, dossier: Path) -> None:
    (dossier / "evidence" / "vog.pdf").unlink()
    evidence = identity(cli, dossier)["evidence"]
    assert isinstance(evidence, list)
    (entry,) = evidence
    assert entry["status"] == "missing" and entry["sha256"] is None


def test_the_rulebook_digest_is_of_its_content(rulebook: Rulebook, tmp_path: Path) -> None:
    assert rulebook.content_sha256 == load_rulebook(rulebook.folder).content_sha256
    changed = rulebook.manifest.model_copy(update={"rulebook_version": "2099.99"})
    assert replace(rulebook, manifest=changed).content_sha256 != rulebook.content_sha256


@pytest.mark.parametrize("format_name", sorted(REGISTRY))
def test_every_format_shows_the_report_id(tmp_path: Path, format_name: str) -> None:
    report = sample_report(sample_rulebook(tmp_path))
    data = reporter(format_name).render([report], RenderOptions(Language.EN))
    if format_name == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        shown = "".join(page.extract_text() for page in reader.pages)
        embedded = json.loads(reader.attachments["identity.json"][0])
        assert embedded["reports"][0]["report_id"] == report.report_id
    else:
        shown = data.decode("utf-8")
    assert report.report_id in shown


# --- who issues it: options, else the config file -----------------------------------------


def test_the_config_file_names_the_inspector_and_options_win(
    cli: Cli, dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[inspector]\nname = "Piet Jansen"\norganisation = "Keur B.V."\n', "utf-8")
    monkeypatch.setenv(CONFIG_VARIABLE, str(config))
    found = identity(cli, dossier)
    assert (found["inspector"], found["organisation"]) == ("Piet Jansen", "Keur B.V.")
    found = identity(cli, dossier, "--inspector", "Ingrid de Jong")
    assert (found["inspector"], found["organisation"]) == ("Ingrid de Jong", "Keur B.V.")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[inspector\nname = 1", "is not valid TOML"),
        ("[inspector]\nname = 12\n", "/inspector/name must be text"),
        ('inspector = "x"\n', "/inspector [inspector] must be a table"),
    ],
)
def test_a_bad_config_file_is_refused_with_its_place(
    cli: Cli, dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, "utf-8")
    monkeypatch.setenv(CONFIG_VARIABLE, str(config))
    result = cli(["check", str(dossier), "--as-of", AS_OF])
    assert result.exit_code == 2 and "config.toml" in result.stderr and said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_config_file_named_but_absent_is_refused(
    cli: Cli, dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_VARIABLE, str(tmp_path / "nowhere.toml"))
    result = cli(["check", str(dossier), "--as-of", AS_OF])
    assert result.exit_code == 2 and "nowhere.toml" in result.stderr


# --- drafts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2027-05-15", "2027-05-31"),  # Whit Monday 17 May is no working day
        ("2026-04-24", "2026-05-12"),  # King's Day 27 April and 5 May (Algemene termijnenwet)
        ("2026-12-18", "2027-01-05"),  # Christmas (25, 26 Dec) and New Year's Day
        ("2027-03-01", "2027-03-15"),  # two plain weeks
    ],
)
def test_ten_working_days_skip_weekends_and_dutch_holidays(start: str, due: str) -> None:
    assert working_days_after(dt.date.fromisoformat(start), 10) == dt.date.fromisoformat(due)


@given(st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), st.integers(0, 40))
def test_working_days_after_counts_exactly_that_many_working_days(
    start: dt.date, count: int
) -> None:
    end = working_days_after(start, count)
    between = [start + dt.timedelta(days=n) for n in range(1, (end - start).days + 1)]
    assert sum(is_working_day(day) for day in between) == count
    assert count == 0 or is_working_day(end)


def test_a_draft_says_so_in_every_format_with_its_deadline(
    cli: Cli, dossier: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    pdf, text = tmp_path / "r.pdf", tmp_path / "r.txt"
    args = ["check", str(dossier), "--as-of", AS_OF, "--draft", "--lang", "nl"]
    result = cli([*args, "--output", str(pdf), "--output", f"text={text}"])
    assert result.exit_code in (0, 1), result.stderr
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert all("CONCEPT" in page and "31 mei 2027" in page for page in pages)
    assert "CONCEPT: reactie van het bureau uiterlijk 31 mei 2027" in text.read_text("utf-8")
    found = identity(cli, dossier, "--draft")
    assert found["draft"] is True and found["response_deadline"] == "2027-05-31"


def test_a_final_report_has_no_draft_mark(tmp_path: Path) -> None:
    from pypdf import PdfReader

    report = sample_report(sample_rulebook(tmp_path))
    data = reporter("pdf").render([report], RenderOptions(Language.NL))
    reader = PdfReader(io.BytesIO(data))
    assert not any("CONCEPT" in page.extract_text() for page in reader.pages)
    drafted = replace(report, issue=Issue(Issuer(), None, draft=True)).identified()
    assert drafted.report_id != report.report_id


# --- inspection findings -------------------------------------------------------------------


def test_findings_are_shown_with_their_class_and_standing(cli: Cli, dossier: Path) -> None:
    text = (dossier / "dossier.yaml").read_text("utf-8")
    text = text.replace(
        "    - id: NC-2\n",
        "    - id: OPM-1\n      severity: remark\n      description: Een waarschuwing\n"
        "    - id: NC-9\n      severity: major\n      response: {received_on: 2027-04-01,"
        " cause: Te laat, solution: Incasso}\n"
        "    - id: NC-2\n",
    )
    (dossier / "dossier.yaml").write_text(text, "utf-8")
    result = cli(["check", str(dossier), "--as-of", AS_OF, "--format", "json"])
    document = json.loads(result.stdout)
    standing = {f["id"]: f["standing"] for f in document["nonconformities"]}
    assert standing == {"NC-1": "open", "OPM-1": "remark", "NC-9": "open", "NC-2": "closed"}
    ins_02 = next(r for r in document["results"] if r["rule_id"] == "INS-02")
    assert ins_02["outcome"] == "fail"
    assert [f["path"] for f in ins_02["findings"]] == ["/inspection/nonconformities/2"]
    markdown = cli(["check", str(dossier), "--as-of", AS_OF, "--format", "markdown"]).stdout
    assert "### Inspection findings" in markdown
    assert "**NC-9** (major; open)" in markdown and "Cause: Te laat" in markdown
