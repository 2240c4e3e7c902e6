"""jieba's answers remembered between runs (storage.tokens.CutMemo): diff and check on plans seen
before start without jieba, and print exactly what they print without the memo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from plancli.storage.tokens import CutMemo

ROOT = Path(__file__).resolve().parents[1]
REVISION = ROOT / "examples" / "revisions" / "huadu-r2.txt"


def _plancli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = ("import sys\nfrom plancli.cli import app\n"
            "try:\n    app(sys.argv[1:], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print('jieba' in sys.modules, file=sys.stderr)\n")
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "PLANCLI_DATA": str(data)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)


def test_a_second_run_needs_no_jieba_and_prints_the_same(data_dir: Path):
    shutil.copy(REVISION, data_dir / "raw" / "huadu-r2.txt")
    for command in (["diff", "huadu", "huadu-r2"], ["check", "huadu", "qingcheng", "-f", "json"]):
        first, second = _plancli(data_dir, *command), _plancli(data_dir, *command)
        assert first.stdout and first.stdout == second.stdout
        assert first.stderr.strip().endswith("True"), first.stderr  # the first run asked jieba
        assert second.stderr.strip() == "False", second.stderr  # the second one did not
    assert (data_dir / "parsed" / "jieba-memo.json").is_file()


def test_a_corrupt_or_foreign_memo_is_ignored(data_dir: Path, huadu):
    parsed = data_dir / "parsed"
    parsed.mkdir()
    (parsed / "jieba-memo.json").write_text('{"lexicon": "other", "cuts": {"初初中": ["x"]}, "words": {}}')
    memo = CutMemo(data_dir, [huadu])
    assert memo.tokenize("初初中") != ["x"]
    (parsed / "jieba-memo.json").write_text("not json")
    assert CutMemo(data_dir, [huadu]).cuts == {}


def test_plans_outside_the_data_folder_leave_no_memo(tmp_path: Path, huadu):
    memo = CutMemo(tmp_path / "data", [huadu])  # huadu's origin is the repository's data/raw
    memo.tokenize("初初中教育")
    memo.save()
    assert not (tmp_path / "data" / "parsed" / "jieba-memo.json").exists()
