"""Which mentions of everyday words link: on a small photography glossary of our own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from vaultkit.importers.linker import AutoLinker
from vaultkit.importers.merge import Concept, make_members, merge
from vaultkit.importers.model import Entry
from vaultkit.importers.senses import SenseModel

GLOSSARY = {
    "Stop": "A doubling or halving of the light that reaches the sensor: opening the aperture "
    "one stop doubles the exposure.",
    "AI (aperture index)": "The f-number of a lens divided by its focal length, a measure of "
    "how much light the glass gathers.",
    "Sampler": "The camera circuit that reads the sensor's pixels row by row at a set clock.",
    "Sampling": "Choosing which frames of a burst to keep for the final stacked image.",
    "Film": "A strip of light-sensitive emulsion. " + "Film grain, film speed and film stock. " * 4,
    "Exposure": "The total light the sensor receives, set by aperture, shutter and ISO.",
}


def _concepts() -> list[Concept]:
    entries = [Entry(t, d, n, n) for n, (t, d) in enumerate(GLOSSARY.items(), 1)]
    concepts, _ = merge(make_members("own", "own.md", 0, entries))
    for concept in concepts:
        concept.name = concept.title
    return concepts


def _links(text: str) -> str:
    concepts = _concepts()
    own = next(c for c in concepts if c.title == "Exposure")
    return AutoLinker.build(concepts).link(text, own, set())


def test_an_everyday_word_links_only_when_its_context_settles_the_sense() -> None:
    assert "[[Stop|stop]]" in _links("Open the aperture one stop to double the light.")
    assert "[[" not in _links("Stop the car at the corner and wait for the bus.")


def test_an_acronym_spelled_like_a_word_needs_its_expansion_nearby() -> None:
    assert "[[" not in _links("Stability AI makes AI art tools.")
    assert "[[AI]] of this lens" in _links("The AI of this lens, its aperture index, is low.")


def test_of_rival_senses_the_closest_wins() -> None:
    assert "[[Sampling|sampling]]" in _links("Burst sampling keeps frames for the stacked image.")
    assert "[[" not in _links("Sampling reads the sensor pixels row by row at the clock rate.")


def test_a_word_the_glossary_made_its_own_links_without_more_evidence() -> None:
    model = SenseModel.build(_concepts())
    assert model.common("film") and not model.ambiguous("Film")  # 13 uses, ~500x English
    assert model.ambiguous("Stop") and model.ambiguous("AI")
    assert not model.common("Sampler")  # rarer than 3.5 on the Zipf scale
    assert "[[Film|film]]" in _links("Load the film before the trip.")


def test_check_never_imports_wordfreq(tmp_path: Path) -> None:
    (tmp_path / "Note.md").write_text("# Note\n\nText.\n", encoding="utf-8")
    code = (
        "import sys\nfrom vaultkit.cli import main\n"
        f"main(['check', {str(tmp_path)!r}, '--no-cache'])\n"
        "print('wordfreq' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr
